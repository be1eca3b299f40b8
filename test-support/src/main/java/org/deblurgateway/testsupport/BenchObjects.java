package org.deblurgateway.testsupport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The objects of the benchmarks in bench/, from the command line (a benchmark is a shell script, not a test):
 *
 * <pre>
 *   radiograph FILE SIZE SEED     a motion-blurred chest radiograph, SyntheticSources.writeBlurredRadiograph
 *   copies TEMPLATE OUTDIR COUNT  copies with new SOP Instance UIDs, InstanceCopies.copies
 * </pre>
 *
 * Each object made is printed as "file TAB SOP Instance UID".
 */
public final class BenchObjects {

    private BenchObjects() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("radiograph")) {
            Path file = Path.of(args[1]);
            String uid =
                    SyntheticSources.writeBlurredRadiograph(file, Integer.parseInt(args[2]), Long.parseLong(args[3]));
            System.out.println(file + "\t" + uid);
        } else if (args.length == 4 && args[0].equals("copies")) {
            InstanceCopies.copies(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]))
                    .forEach((file, uid) -> System.out.println(file + "\t" + uid));
        } else {
            System.err.println("usage: BenchObjects radiograph FILE SIZE SEED | copies TEMPLATE OUTDIR COUNT");
            System.exit(2);
        }
    }
}
