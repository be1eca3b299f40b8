package org.deblurgateway.dicom.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One case's input: the bytes, the transfer syntax they claim, and for the listener which part of the exchange is
 * mutated; {@code steps} say how the bytes were made from the seed.
 */
record FuzzInput(Seeds.Seed seed, String kind, byte[] bytes, String transferSyntax, List<String> steps) {

    /** A mutation of {@code seed}'s data set (spliced with {@code partner}'s), claiming the seed's syntax. */
    static FuzzInput mutatedDataSet(Seeds.Seed seed, Seeds.Seed partner, SplittableRandom random) {
        Mutator.Mutated m = Mutator.mutate(seed.dataSet(), partner.dataSet(), 0, random);
        return new FuzzInput(seed, "data set", m.bytes(), seed.transferSyntax(), m.steps());
    }

    /** The same bytes claiming {@code syntax}. */
    FuzzInput claiming(String syntax) {
        return new FuzzInput(seed, kind, bytes, syntax, steps);
    }
}
