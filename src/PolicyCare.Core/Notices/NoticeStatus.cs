using PolicyCare.Codes;

namespace PolicyCare.Notices;

/// <summary>Where a notice is on its way from the outbox to the person.</summary>
public enum NoticeStatus { Pending, Sending, Sent, Delivered, Failed, Cancelled }

public static class NoticeStatuses
{
    public static readonly CodeTable<NoticeStatus> Table = new("notice status",
        (NoticeStatus.Pending, "pending"),
        (NoticeStatus.Sending, "sending"),
        (NoticeStatus.Sent, "sent"),
        (NoticeStatus.Delivered, "delivered"),
        (NoticeStatus.Failed, "failed"),
        (NoticeStatus.Cancelled, "cancelled"));

    public static string Code(this NoticeStatus status) => Table.Code(status);

    /// <summary>The notice left PolicyCare: it went out, and perhaps arrived or bounced.</summary>
    public static bool HasGoneOut(this NoticeStatus status) => status is NoticeStatus.Sent or NoticeStatus.Delivered or NoticeStatus.Failed;
}
