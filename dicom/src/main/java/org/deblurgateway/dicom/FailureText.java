package org.deblurgateway.dicom;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Failure texts that leave the process or the log (a C-STORE-RSP Error Comment, a trail event, a dead letter's last
 * error): what failed and the kind of failure, never where. File system exceptions carry the server's paths in their
 * messages, so only their kind and reason go into such a text; the log keeps the exception itself.
 */
public final class FailureText {

    /** A word with a path separator: an absolute or relative path, a URL. */
    private static final Pattern PATH_WORD = Pattern.compile("[^\\s'\"(),;]*[/\\\\][^\\s'\"(),;]*");

    private FailureText() {}

    /** {@code what} and the kind of {@code cause}, e.g. "cannot write spool file (no space left on device)". */
    public static String of(String what, Throwable cause) {
        String kind = kind(cause);
        return kind.isEmpty() ? what : what + " (" + kind + ")";
    }

    /** {@code text} with every word that holds a path separator replaced by "...". */
    public static String withoutPaths(String text) {
        return text == null ? null : PATH_WORD.matcher(text).replaceAll("...");
    }

    private static String kind(Throwable cause) {
        if (cause == null) {
            return "";
        }
        if (cause instanceof AccessDeniedException) {
            return "access denied";
        }
        if (cause instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (cause instanceof FileAlreadyExistsException) {
            return "file already exists";
        }
        if (cause instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (cause instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        if (cause instanceof FileSystemException fs) {
            // getReason() is the operating system's text ("No space left on device") without the file names.
            return fs.getReason() == null
                    ? simpleName(cause)
                    : withoutPaths(fs.getReason()).toLowerCase(Locale.ROOT);
        }
        String message = cause.getMessage();
        return message == null || message.isBlank()
                ? simpleName(cause)
                : simpleName(cause) + ": " + withoutPaths(message);
    }

    private static String simpleName(Throwable cause) {
        return cause.getClass().getSimpleName();
    }
}
