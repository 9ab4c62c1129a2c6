/**
 * Reference data: {@link dev.bulkestate.processors.data.PropertyDataset} (properties, people and
 * their indexes), its in-memory implementation, loaders for users' CSV and JSON Lines files, and
 * {@link dev.bulkestate.processors.data.PropertyResolver}, which finds the property a record means.
 */
package dev.bulkestate.processors.data;
