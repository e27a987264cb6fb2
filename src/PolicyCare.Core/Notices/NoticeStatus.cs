using PolicyCare.Codes;

namespace PolicyCare.Notices;

/// <summary>Where a notice is on its way from the outbox to the person.</summary>
/// <remarks><see cref="NoticeStatus.Held"/>: stopped before dispatch because it no longer matches the book (its reason in the failure reason), waiting for an agent.</remarks>
public enum NoticeStatus { Pending, Sending, Sent, Delivered, Failed, Cancelled, Held }

public static class NoticeStatuses
{
    public static readonly CodeTable<NoticeStatus> Table = new("notice status",
        (NoticeStatus.Pending, "pending"),
        (NoticeStatus.Sending, "sending"),
        (NoticeStatus.Sent, "sent"),
        (NoticeStatus.Delivered, "delivered"),
        (NoticeStatus.Failed, "failed"),
        (NoticeStatus.Cancelled, "cancelled"),
        (NoticeStatus.Held, "held"));

    public static string Code(this NoticeStatus status) => Table.Code(status);

    /// <summary>The notice left PolicyCare: it went out, and perhaps arrived or bounced.</summary>
    public static bool HasGoneOut(this NoticeStatus status) => status is NoticeStatus.Sent or NoticeStatus.Delivered or NoticeStatus.Failed;
}
