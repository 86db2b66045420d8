import { Column, DeleteDateColumn, Entity, Index } from 'typeorm';
import { BaseEntity } from './base';

// No name: the table is the class name in snake_case, `customer`.
@Entity()
@Index(['country', 'city'])
export class Customer extends BaseEntity {
  @Column({ unique: true })
  email!: string;

  @Column()
  country!: string;

  @Column()
  city!: string;

  @Column({ nullable: true })
  phone!: string;

  // No type written: TypeORM makes a boolean column from the property's type.
  @Column()
  verified!: boolean;

  @DeleteDateColumn()
  deletedAt?: Date;
}
