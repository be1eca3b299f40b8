/** Our DICOM types and services; the only package that touches PixelMed. */
package org.deblurgateway.dicom;
