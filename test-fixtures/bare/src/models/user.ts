import { BelongsTo, Column, Table } from 'sequelize-typescript';
import BaseModel from './base';

@Table({ tableName: 'users' })
export default class User extends BaseModel {
  @Column declare email: string;

  /** An association, typed with the project's model. */
  @BelongsTo(() => User) declare manager: User | null;
}
