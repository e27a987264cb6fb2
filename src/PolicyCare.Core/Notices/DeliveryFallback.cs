using PolicyCare.Policies;

namespace PolicyCare.Notices;

/// <summary>What follows a notice that failed for good.</summary>
public abstract record DeliveryFallback;

/// <summary>The same notice goes again by another channel the person can be reached on.</summary>
public sealed record SendBy(Channel Channel, string Address) : DeliveryFallback;

/// <summary>
/// Nothing reaches the holder: a tracing case is opened, and the emergency contact (when there is
/// one) is told to ask the holder to get in touch — never told what the notice says.
/// </summary>
public sealed record TraceHolder(CaseToOpen Case, string? EmergencyMobile, string EmergencyText) : DeliveryFallback;

/// <summary>Someone other than the holder could not be reached: the failure is recorded and nothing more is due.</summary>
public sealed record NoFallback : DeliveryFallback;

public static class DeliveryFallbacks
{
    /// <summary>After a channel fails, the channels tried next, in order: a channel of the same reach first, then paper.</summary>
    private static readonly Dictionary<Channel, Channel[]> NextAfter = new()
    {
        [Channel.Sms] = [Channel.Email, Channel.Letter],
        [Channel.Wechat] = [Channel.Sms, Channel.Email],
        [Channel.Kakao] = [Channel.Sms, Channel.Email],
        [Channel.Push] = [Channel.Sms, Channel.Email],
        [Channel.Email] = [Channel.Sms, Channel.Letter],
        [Channel.Voice] = [Channel.Sms, Channel.Letter],
        [Channel.AgentCall] = [Channel.Sms, Channel.Letter],
        [Channel.Letter] = [Channel.Email, Channel.Sms],
        // A public listing is the last resort after every channel failed: nothing comes after it.
        [Channel.Public] = [],
    };

    /// <param name="tried">The channels this notice already went by (the failed one included): none is tried twice.</param>
    public static DeliveryFallback After(Channel failed, IReadOnlySet<Channel> tried, Customer customer, bool isHolder, bool elderly, string policy, string locale,
        string currency)
    {
        // Elderly customers are reached the way the planner reaches them: nothing online while an offline channel is left.
        var candidates = elderly ? NoticePlanner.ElderlyFallbackOrder : NextAfter[failed];
        foreach (var channel in candidates.Where(c => c != failed && !tried.Contains(c)))
        {
            var contact = channel.Contact();
            if (customer.Contacts.AddressOf(contact) is { } address && !customer.InvalidContacts.Contains(contact)) return new SendBy(channel, address);
        }
        if (!isHolder) return new NoFallback();
        return new TraceHolder(CaseToOpen.Tracing(policy, customer.Id),
            customer.Emergency?.Mobile, Templates.RenderEmergency(policy, customer.Name, locale, currency));
    }
}
