package org.deblurgateway.model.cli;

/** The command line is wrong (exit code 2); the message says what and the usage text follows. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
