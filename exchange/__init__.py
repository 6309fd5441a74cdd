"""Case exchange over a standard PACS (Orthanc, DICOMweb): DICOM objects, outbox, sender, inbox.
Qt-free; sits above cases/ and inference/."""

import warnings

# The installer leaves out requests' charset guessing (DICOMweb answers declare their type).
warnings.filterwarnings("ignore", message="Unable to find acceptable character detection")
