package org.deblurgateway.dicom.derived;

/**
 * Site settings for derived series.
 *
 * @param seriesDescriptionSuffix appended to the source Series Description (e.g. " DEBLURRED rdsam-lite")
 * @param seriesNumberOffset      added to the source Series Number
 * @param contentQualification    PRODUCT, RESEARCH or SERVICE
 * @param manufacturer            Contributing Equipment Manufacturer
 * @param softwareVersion         Contributing Equipment Software Versions (the gateway's version)
 */
public record DerivedSeriesSettings(
        String seriesDescriptionSuffix,
        int seriesNumberOffset,
        String contentQualification,
        String manufacturer,
        String softwareVersion) {}
