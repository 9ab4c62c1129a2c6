/** The property search processor. */
package dev.bulkestate.processors.search;
