import { DataTypes, Model, Sequelize } from 'sequelize';

export const sequelize = new Sequelize('postgres://localhost/app');

// Plain sequelize: `Model.init`, attributes stored in snake_case (`underscored`).
export class Membership extends Model {
  declare id: number;
  declare userId: string;
  declare teamId: string;
  declare role: string;
}

Membership.init(
  {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    userId: DataTypes.UUID,
    teamId: DataTypes.UUID,
    role: DataTypes.STRING(20),
  },
  { sequelize, tableName: 'memberships', underscored: true },
);
