import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { memberOfDeclaredReceiver } from '../core/classify';

/**
 * A receiver declared with a generic class or interface (`ctx: APIContext<T.DocumentsListReq>`)
 * reaches its members through the generic declaration: the type arguments, which can be a zod
 * schema's `z.infer<typeof schema>` (its whole initializer checked, in every editor program), are
 * not evaluated. test/resolution.test.ts checks on every fixture call that the member is the one
 * the checker's typing reaches.
 */

const FIELDS = 300;
const SOURCE = `
declare function shape<T>(fields: T): { fields: T };
const schema = shape({ ${Array.from({ length: FIELDS }, (_, index) => `f${index}: shape({ v: ${index} })`).join(', ')} });
interface Ctx<Req> { input: Req; set(name: string, value: string): void }
export function handler(ctx: Ctx<typeof schema>) {
  ctx.set('a', 'b');
}
`;

/** The checker's count of types created (internal: the figure `tsc --extendedDiagnostics` prints as Types). */
function typeCount(checker: ts.TypeChecker): number {
  return (checker as ts.TypeChecker & { getTypeCount(): number }).getTypeCount();
}

function programOf(text: string): { program: ts.Program; sourceFile: ts.SourceFile } {
  const fileName = '/virtual/handler.ts';
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, strict: true, noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === fileName ? ts.createSourceFile(name, text, version) : getSourceFile(name, version));
  host.fileExists = (name) => name === fileName || ts.sys.fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  return { program, sourceFile: program.getSourceFile(fileName)! };
}

describe('members of a receiver declared with a generic class or interface', () => {
  it('are found without evaluating the type arguments', () => {
    const { program, sourceFile } = programOf(SOURCE);
    const checker = program.getTypeChecker();
    const handler = sourceFile.statements.filter(ts.isFunctionDeclaration).find((declaration) => declaration.name?.text === 'handler')!;
    const call = ((handler.body!.statements[0] as ts.ExpressionStatement).expression as ts.CallExpression).expression as ts.PropertyAccessExpression;
    const before = typeCount(checker);
    const member = memberOfDeclaredReceiver(call, checker);
    const viaDeclaration = typeCount(checker) - before;
    expect(member?.declarations?.[0] && ts.isMethodSignature(member.declarations[0]) && member.declarations[0].getText()).toContain('set(name: string');
    // The checker's own typing of the receiver evaluates the schema: one type per field at least.
    checker.getTypeAtLocation(call.expression);
    const viaChecker = typeCount(checker) - before - viaDeclaration;
    expect(viaChecker).toBeGreaterThan(FIELDS);
    expect(viaDeclaration).toBeLessThan(FIELDS / 10);
    expect(checker.getSymbolAtLocation(call.name)?.declarations).toEqual(member?.declarations);
  });
});
