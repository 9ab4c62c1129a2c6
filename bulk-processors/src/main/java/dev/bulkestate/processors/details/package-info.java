/** The property details processor and its per-ZIP demographics. */
package dev.bulkestate.processors.details;
