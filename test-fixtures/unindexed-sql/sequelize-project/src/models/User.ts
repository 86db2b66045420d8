import { Column, DataType, ForeignKey, Table } from 'sequelize-typescript';
import { ParanoidModel } from './base';
import { Team } from './Team';

@Table({ tableName: 'users', modelName: 'user' })
export class User extends ParanoidModel {
  @Column(DataType.STRING)
  declare email: string;

  @Column(DataType.STRING)
  declare name: string | null;

  @ForeignKey(() => Team)
  @Column(DataType.UUID)
  declare teamId: string;

  @Column(DataType.DATE)
  declare lastActiveAt: Date | null;
}
