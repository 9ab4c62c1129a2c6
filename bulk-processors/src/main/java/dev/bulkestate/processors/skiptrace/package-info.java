/** The skip trace processor: owners by property, people by name and address, or by phone. */
package dev.bulkestate.processors.skiptrace;
