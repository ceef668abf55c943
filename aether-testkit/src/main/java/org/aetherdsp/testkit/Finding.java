package org.aetherdsp.testkit;

/**
 * One forbidden thing found in one code unit.
 *
 * @param line   the source line, or 0 if unknown
 * @param hazard what is wrong
 * @param detail the offending call or instruction
 */
record Finding(int line, Hazard hazard, String detail) {
}
