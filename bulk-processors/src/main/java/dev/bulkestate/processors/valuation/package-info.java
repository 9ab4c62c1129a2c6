/** The comparable-sales valuation model and the valuations processor. */
package dev.bulkestate.processors.valuation;
