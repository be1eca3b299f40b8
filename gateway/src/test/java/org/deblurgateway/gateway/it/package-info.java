/**
 * Integration tests of the packaged gateway against real peers, run by failsafe in {@code verify}: the gateway as its
 * own JVM ({@code quarkus-run.jar}, configured by environment only), Orthanc as the PACS, dcmtk's echoscu/storescu
 * as modalities, a standalone Artemis broker ({@code tools/artemis-standalone}) and pydicom for byte comparisons.
 * Logs of every child process stay in {@code <build dir>/it-logs}. One class alone, e.g.:
 *
 * <pre>
 * ./mvnw -o -B -Dbuild.dir.name=target-me -pl gateway -am verify -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrashSafetyIT
 * </pre>
 */
package org.deblurgateway.gateway.it;
