"""Case exchange over a standard PACS (Orthanc, DICOMweb): DICOM objects, outbox, sender, inbox.
Qt-free; sits above cases/ and inference/."""
