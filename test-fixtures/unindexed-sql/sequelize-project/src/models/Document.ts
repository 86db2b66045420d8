import { Column, DataType, Table } from 'sequelize-typescript';
import { IdModel } from './base';

// The model's own index list: what `sync()` would create, counted with the migrations.
@Table({ tableName: 'documents', modelName: 'document', indexes: [{ fields: ['createdById'] }] })
export class Document extends IdModel {
  @Column(DataType.STRING)
  declare title: string;

  @Column({ type: DataType.STRING, field: 'slug' })
  declare urlId: string;

  @Column(DataType.UUID)
  declare teamId: string;

  @Column(DataType.UUID)
  declare createdById: string;

  @Column(DataType.DATE)
  declare publishedAt: Date | null;

  declare createdAt: Date;
}
