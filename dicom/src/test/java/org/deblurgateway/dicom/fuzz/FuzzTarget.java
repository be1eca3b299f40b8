package org.deblurgateway.dicom.fuzz;

import java.util.SplittableRandom;

/**
 * Something fuzzed: it turns a seed into a mutated input and runs the code under test on it. Whatever {@link #run}
 * throws is a crash; the documented refusals are caught inside and returned as {@link CaseResult.Verdict#REFUSED}.
 */
interface FuzzTarget extends AutoCloseable {

    String name();

    /** The input of one case: a mutation of {@code seed} (and maybe of {@code partner}). */
    FuzzInput input(Seeds.Seed seed, Seeds.Seed partner, SplittableRandom random);

    CaseResult run(FuzzInput input) throws Exception;

    /**
     * Called every {@code checkEvery} cases and after the last: null when the target still serves, else why not.
     */
    /** Ends the case in progress after its deadline passed (closes its connection). */
    default void cancel() {}

    default String healthCheck() throws Exception {
        return null;
    }

    @Override
    default void close() throws Exception {}
}
