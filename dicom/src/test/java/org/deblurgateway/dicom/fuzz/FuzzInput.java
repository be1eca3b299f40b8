package org.deblurgateway.dicom.fuzz;

import java.util.List;

/**
 * One case's input: the bytes, the transfer syntax they claim, and for the listener which part of the exchange is
 * mutated; {@code steps} say how the bytes were made from the seed.
 */
record FuzzInput(Seeds.Seed seed, String kind, byte[] bytes, String transferSyntax, List<String> steps) {}
