// Stand-ins for @nestjs/common, @nestjs/typeorm and @nestjs/mongoose decorators: the fixture keeps
// its dependencies to the libraries whose calls hotpath classifies.
export const Injectable = (): ClassDecorator => () => undefined;
export const InjectRepository = (_entity: unknown): ParameterDecorator => () => undefined;
export const InjectModel = (_name: string): ParameterDecorator => () => undefined;
