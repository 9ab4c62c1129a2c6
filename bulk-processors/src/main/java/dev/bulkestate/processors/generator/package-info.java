/**
 * A deterministic synthetic dataset: realistic properties on real ZIP codes, owners, sales, tax,
 * mortgages and people, plus each property's hidden true value for checking the valuation model.
 */
package dev.bulkestate.processors.generator;
