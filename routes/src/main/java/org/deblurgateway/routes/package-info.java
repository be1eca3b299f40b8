/** Camel routes: ingest -> routing rules -> action -> outbound -> C-STORE. */
package org.deblurgateway.routes;
