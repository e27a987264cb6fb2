using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PolicyCare.Billing;
using PolicyCare.Codes;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;

namespace PolicyCare.Storage;

/// <summary>
/// Stores a typed code as its published text ("in-force", "first-reminder"), so the columns read
/// the same as before codes were typed and queries compare with the table's text.
/// </summary>
public class CodeConverter<T>(CodeTable<T> table) : ValueConverter<T, string>(v => table.Code(v), s => table.Parse(s))
    where T : struct, Enum;

internal sealed class PolicyStatusCode() : CodeConverter<PolicyStatus>(PolicyStatuses.Table);
internal sealed class FrequencyCode() : CodeConverter<Frequency>(Frequencies.Table);
internal sealed class DebitFailureReasonCode() : CodeConverter<DebitFailureReason>(DebitFailureReasons.Table);
internal sealed class HealthReviewCode() : CodeConverter<HealthReview>(HealthReviews.Table);
internal sealed class StageCode() : CodeConverter<Stage>(Stages.Table);
internal sealed class ChannelCode() : CodeConverter<Channel>(Channels.Table);
internal sealed class NoticeStatusCode() : CodeConverter<NoticeStatus>(NoticeStatuses.Table);

internal static class CodeConventions
{
    public static void UseCodeTables(this ModelConfigurationBuilder b)
    {
        b.Properties<PolicyStatus>().HaveConversion<PolicyStatusCode>();
        b.Properties<Frequency>().HaveConversion<FrequencyCode>();
        b.Properties<DebitFailureReason>().HaveConversion<DebitFailureReasonCode>();
        b.Properties<HealthReview>().HaveConversion<HealthReviewCode>();
        b.Properties<Stage>().HaveConversion<StageCode>();
        b.Properties<Channel>().HaveConversion<ChannelCode>();
        b.Properties<NoticeStatus>().HaveConversion<NoticeStatusCode>();
    }
}
