import { Table } from 'sequelize-typescript';
import { ParanoidModel } from '@models/base';

// Paranoid through a base class imported by a path alias, which the schema reader does not follow.
@Table({ tableName: 'tokens', modelName: 'token' })
export class Token extends ParanoidModel {}
