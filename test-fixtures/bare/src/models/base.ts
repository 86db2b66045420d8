import { Model } from 'sequelize-typescript';

/** The project's own base model, as real codebases have one between theirs and the library's. */
export default class BaseModel extends Model {
  /** A static helper: `this` is the model class. */
  static async findAllInBatches(ids: string[]) {
    const pages = [];
    for (const id of ids) {
      pages.push(await this.findByPk(id)); // expect: n-plus-one
    }
    return pages;
  }

  /** An instance helper: `this` is a row. */
  async saveWithContext() {
    return this.save();
  }

  /** The same, as a property holding a function. */
  touch = async () => {
    await this.save();
  };
}
