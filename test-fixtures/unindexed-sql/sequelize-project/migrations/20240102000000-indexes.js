'use strict';

module.exports = {
  async up(queryInterface) {
    await queryInterface.addIndex('users', ['email'], { unique: true });
    // A composite index: it serves teamId alone, not publishedAt alone.
    await queryInterface.addIndex('documents', ['teamId', 'publishedAt']);
    await queryInterface.addIndex('documents', { fields: ['title'], name: 'documents_title' });
    await queryInterface.sequelize.query('CREATE INDEX documents_url_id ON documents ("urlId")');
    await queryInterface.addConstraint('users', { type: 'unique', fields: ['name', 'teamId'], name: 'users_name_team' });
  },
  async down(queryInterface) {
    await queryInterface.removeIndex('users', ['email']);
  },
};
