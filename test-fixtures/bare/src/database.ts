import { Sequelize } from 'sequelize-typescript';

export function createDatabase(url: string): Sequelize {
  return new Sequelize(url);
}

export const sequelize = createDatabase('postgres://localhost/shop');
