import { Column, DataType, DeletedAt, Model, PrimaryKey } from 'sequelize-typescript';

export class IdModel extends Model {
  @PrimaryKey
  @Column(DataType.UUID)
  declare id: string;
}

export class ParanoidModel extends IdModel {
  @DeletedAt
  declare deletedAt: Date | null;
}
