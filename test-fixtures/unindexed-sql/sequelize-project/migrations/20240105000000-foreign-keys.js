'use strict';

module.exports = {
  async up(queryInterface, Sequelize) {
    // userId references users; nothing indexes it.
    await queryInterface.createTable('api_keys', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      userId: { type: Sequelize.UUID, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      secret: Sequelize.STRING,
    });
    // A foreign key added as a constraint, and removed again by its name.
    await queryInterface.addConstraint('documents', { type: 'foreign key', fields: ['createdById'], references: { table: 'users', field: 'id' }, name: 'documents_created_by_fk' });
    await queryInterface.removeConstraint('documents', 'documents_created_by_fk');
    // documents.teamId leads (teamId, publishedAt): indexed.
    await queryInterface.addConstraint('documents', { type: 'foreign key', fields: ['teamId'], references: { table: 'teams', field: 'id' } });
    // Rows of a model whose paranoid base class is imported through a path alias; tokenId unindexed.
    await queryInterface.createTable('tokens', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      deletedAt: Sequelize.DATE,
    });
    await queryInterface.createTable('token_uses', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      tokenId: { type: Sequelize.UUID, references: { model: 'tokens', key: 'id' } },
    });
  },
  async down() {},
};
