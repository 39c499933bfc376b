"""Failures that stop a command before it can do its job (exit 2).

A problem *in the data* is never one of these: it is a Finding in the report.
"""


class TrackerError(Exception):
    """The command cannot run. The message is one line that says what to do."""


class WorkbookNotFound(TrackerError):
    pass


class NotAWorkbook(TrackerError):
    pass


class WorkbookUnreadable(TrackerError):
    pass


class SheetMissing(TrackerError):
    pass


class HeaderMissing(TrackerError):
    pass


class WorkbookLocked(TrackerError):
    pass


class OutputExists(TrackerError):
    pass


class OutputNotWritable(TrackerError):
    pass


class ForeignStatusSheet(TrackerError):
    pass


class ContactUnknown(TrackerError):
    pass


class FileReadOnly(TrackerError):
    pass


class FileChangedMeanwhile(TrackerError):
    pass


class FileHeld(TrackerError):
    """Another program (Excel, a sync client, an antivirus scan) keeps the file open."""


class CellsOccupied(TrackerError):
    pass


class ChoiceInvalid(TrackerError):
    pass


class DateInvalid(TrackerError):
    pass


class ImportFileUnreadable(TrackerError):
    pass


class PrivateTextRemains(TrackerError):
    pass


class SourceUnreadable(TrackerError):
    pass


class MailServerRefused(TrackerError):
    pass
