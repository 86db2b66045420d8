import { Controller, Get, Injectable, Param } from '@nestjs/common';
import fs from 'node:fs';
import bcrypt from 'bcrypt';

@Injectable()
export class TemplatesService {
  render(name: string): string {
    return fs.readFileSync(`templates/${name}.hbs`, 'utf8'); // expect: blocking-call
  }

  // Not called by a controller.
  salt(): string {
    return bcrypt.genSaltSync(12);
  }
}

@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get(':name')
  show(@Param('name') name: string): string {
    return this.templates.render(name);
  }

  // Not a route: no route decorator.
  describe(): string {
    return bcrypt.hashSync('x', 4);
  }
}
