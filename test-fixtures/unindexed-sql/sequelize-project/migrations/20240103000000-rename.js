'use strict';

const TABLES = ['users', 'documents'];

module.exports = {
  async up(queryInterface) {
    // The title index goes; the url index follows its column's new name.
    await queryInterface.removeIndex('documents', 'documents_title');
    await queryInterface.renameColumn('documents', 'urlId', 'slug');
    // Computed table names: listed by --explain, not guessed.
    for (const table of TABLES) {
      await queryInterface.addIndex(table, ['createdAt']);
    }
  },
  async down() {},
};
