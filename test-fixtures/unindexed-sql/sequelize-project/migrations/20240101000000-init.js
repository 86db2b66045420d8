'use strict';

module.exports = {
  up: async (queryInterface, Sequelize) => {
    await queryInterface.createTable('teams', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      name: { type: Sequelize.STRING(100), allowNull: false },
      subdomain: { type: Sequelize.STRING, unique: true },
      createdAt: Sequelize.DATE,
      updatedAt: Sequelize.DATE,
    });
    await queryInterface.createTable('users', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      email: { type: 'CHARACTER VARYING', allowNull: false },
      name: Sequelize.STRING,
      teamId: { type: Sequelize.UUID, references: { model: 'teams', key: 'id' } },
      lastActiveAt: Sequelize.DATE,
      createdAt: Sequelize.DATE,
      updatedAt: Sequelize.DATE,
      deletedAt: Sequelize.DATE,
    });
    await queryInterface.createTable('documents', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      title: Sequelize.STRING,
      urlId: Sequelize.STRING,
      teamId: Sequelize.UUID,
      createdById: Sequelize.UUID,
      publishedAt: Sequelize.DATE,
      createdAt: Sequelize.DATE,
      updatedAt: Sequelize.DATE,
    });
  },
  down: async (queryInterface) => {
    await queryInterface.dropTable('documents');
    await queryInterface.dropTable('users');
    await queryInterface.dropTable('teams');
  },
};
