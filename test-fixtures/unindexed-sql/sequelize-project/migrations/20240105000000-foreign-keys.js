'use strict';

module.exports = {
  async up(queryInterface, Sequelize) {
    // userId references users; nothing indexes it.
    await queryInterface.createTable('api_keys', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      userId: { type: Sequelize.UUID, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      secret: Sequelize.STRING,
    });
    // A foreign key added as a constraint (the Document model indexes createdById).
    await queryInterface.addConstraint('documents', { type: 'foreign key', fields: ['createdById'], references: { table: 'users', field: 'id' }, name: 'documents_created_by_fk' });
    // documents.teamId leads (teamId, publishedAt): indexed.
    await queryInterface.addConstraint('documents', { type: 'foreign key', fields: ['teamId'], references: { table: 'teams', field: 'id' } });
  },
  async down() {},
};
