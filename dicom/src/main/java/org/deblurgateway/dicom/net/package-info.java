/**
 * The DICOM wire protocol both roles speak: upper layer PDUs (PS3.8 section 9) and DIMSE command sets (PS3.7),
 * encoded and decoded in one place for the listener ({@code scp}) and the sender ({@code scu}).
 */
package org.deblurgateway.dicom.net;
