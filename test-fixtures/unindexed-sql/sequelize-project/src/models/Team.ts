import { Column, DataType, Table } from 'sequelize-typescript';
import { IdModel } from './base';

// No tableName: Sequelize names the table after the model, pluralized (`team` → `teams`).
@Table({ modelName: 'team' })
export class Team extends IdModel {
  @Column(DataType.STRING)
  declare name: string;

  @Column(DataType.STRING)
  declare subdomain: string | null;
}
