using PolicyCare.Codes;
using PolicyCare.Policies;

namespace PolicyCare.Notices;

/// <summary>A way a notice reaches a person.</summary>
/// <remarks><see cref="Channel.Public"/>: the insurer's public page of customers it cannot reach (the lapse-notification seed's 公告), the last resort after every contact failed.</remarks>
public enum Channel { Sms, Email, Wechat, Kakao, Push, Voice, AgentCall, Letter, Public }

public static class Channels
{
    public static readonly CodeTable<Channel> Table = new("channel",
        (Channel.Sms, "sms"),
        (Channel.Email, "email"),
        (Channel.Wechat, "wechat"),
        (Channel.Kakao, "kakao"),
        (Channel.Push, "push"),
        (Channel.Voice, "voice"),
        (Channel.AgentCall, "agent-call"),
        (Channel.Letter, "letter"),
        (Channel.Public, "public"));

    public static string Code(this Channel channel) => Table.Code(channel);

    public static bool TryParse(string code, out Channel channel) => Table.TryParse(code, out channel);

    /// <summary>Channels a customer may state a preference among.</summary>
    public static bool IsDigital(this Channel channel) => channel is Channel.Sms or Channel.Email or Channel.Wechat or Channel.Kakao or Channel.Push;

    /// <summary>Channels that reach a person only when they go online (what elderly customers must never get alone).</summary>
    public static bool IsOnline(this Channel channel) => channel is Channel.Email or Channel.Wechat or Channel.Kakao or Channel.Push;

    public static bool IsMessenger(this Channel channel) => channel is Channel.Wechat or Channel.Kakao or Channel.Push;

    public static ContactKind Contact(this Channel channel) => channel switch
    {
        Channel.Sms or Channel.Voice or Channel.AgentCall => ContactKind.Mobile,
        Channel.Email => ContactKind.Email,
        Channel.Wechat => ContactKind.Wechat,
        Channel.Kakao => ContactKind.Kakao,
        Channel.Push => ContactKind.Push,
        // Published, not addressed: the postal address is the nearest contact a public notice stands for.
        Channel.Letter or Channel.Public => ContactKind.Address,
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static string? AddressOf(this ContactPoints contacts, ContactKind kind) => kind switch
    {
        ContactKind.Mobile => contacts.Mobile,
        ContactKind.Email => contacts.Email,
        ContactKind.Wechat => contacts.Wechat,
        ContactKind.Kakao => contacts.Kakao,
        ContactKind.Push => contacts.Push,
        ContactKind.Address => contacts.Address,
        _ => null,
    };
}
