package org.deblurgateway.dicom.scu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deblurgateway.dicom.net.PresentationContextProposal;

/**
 * The (SOP class, transfer syntax) pairs sent to one destination so far, newest last: what a new association to it
 * proposes, so that the next objects of a study (other SOP classes, other syntaxes) find their context on it. One
 * context per pair (one transfer syntax each), as for a single object; at most {@link #MAX_CONTEXTS}, the pairs of
 * the object that opens the association first, then the most recently seen. Not thread-safe; its pool guards it.
 */
final class PresentationContextCatalog {

    /** Presentation context IDs are the odd numbers 1..255 (PS3.8 9.3.2.2): 128 contexts on one association. */
    static final int MAX_CONTEXTS = 128;

    private record Pair(String abstractSyntax, String transferSyntax) {}

    /** Oldest first. */
    private final Deque<Pair> seen = new ArrayDeque<>();

    /** The contexts for a new association that carries {@code object} first; records its pairs as seen. */
    List<PresentationContextProposal> proposalsFor(StoredObject object) {
        List<Pair> own = pairsOf(object);
        for (Pair pair : own) {
            seen.remove(pair);
            seen.addLast(pair);
        }
        while (seen.size() > MAX_CONTEXTS) {
            seen.removeFirst();
        }
        Set<Pair> ordered = new LinkedHashSet<>(own);
        for (Iterator<Pair> newestFirst = seen.descendingIterator();
                newestFirst.hasNext() && ordered.size() < MAX_CONTEXTS; ) {
            ordered.add(newestFirst.next());
        }
        List<PresentationContextProposal> contexts = new ArrayList<>(ordered.size());
        int id = 1;
        for (Pair pair : ordered) {
            contexts.add(new PresentationContextProposal(id, pair.abstractSyntax(), List.of(pair.transferSyntax())));
            id += 2;
        }
        return List.copyOf(contexts);
    }

    /** True when {@code association} proposed every context {@code object} may be sent on. */
    static boolean proposedAll(OutgoingAssociation association, StoredObject object) {
        return pairsOf(object).stream()
                .allMatch(pair -> association.proposed(pair.abstractSyntax(), pair.transferSyntax()));
    }

    private static List<Pair> pairsOf(StoredObject object) {
        return object.offeredSyntaxes().stream()
                .map(syntax -> new Pair(object.sopClassUid(), syntax))
                .toList();
    }
}
