import { Model } from 'sequelize';

class Invoice extends Model {
  declare id: string;
}

export async function load(id: string) {
  const invoice = await Invoice.findByPk(id); // io: Sequelize read
  await invoice?.reload(); // io: Sequelize read
  await Invoice.destroy({ where: { id } }); // io: Sequelize write
}
