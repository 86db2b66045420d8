import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from './base';
import { Customer } from './Customer';

@Entity('orders')
@Unique('orders_code', ['code'])
export class Order extends BaseEntity {
  @Column()
  code!: string;

  @Index()
  @ManyToOne(() => Customer)
  customer!: Customer;

  // No index on the relation's key column (`sellerId`): PostgreSQL does not make one for a foreign key.
  @ManyToOne(() => Customer)
  @JoinColumn({ name: 'seller_id' })
  seller!: Customer;

  @Column('varchar')
  state!: string;

  @Column({ name: 'total_cents', type: 'integer' })
  total!: number;

  @Column({ type: 'timestamptz', nullable: true })
  placedAt!: Date | null;
}
