package org.deblurgateway.routes.deblur;

import java.util.Iterator;
import java.util.List;
import org.deblurgateway.routes.messages.FrameTask;
import org.deblurgateway.routes.messages.OutboundMessage;

/** What the deblur action decided for one received object. */
sealed interface DeblurPlan {

    /** Forward the object unchanged (through the pass action), with the reason. */
    record PassUnchanged(String reasonCode, String detail) implements DeblurPlan {}

    /** Already handled before a restart: nothing left to do. */
    record AlreadyHandled() implements DeblurPlan {}

    /** Send the frames to the workers; forward the original copies too when the rule says so. */
    record Deblur(String job, Iterator<FrameTask> frames, List<OutboundMessage> originals) implements DeblurPlan {}
}
