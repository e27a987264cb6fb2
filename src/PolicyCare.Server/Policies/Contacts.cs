using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>Changes to how a customer can be reached.</summary>
public static class Contacts
{
    /// <summary>A channel code (or the contact's own name, mobile or address) as events give it, mapped to the contact it uses.</summary>
    public static ContactKind? KindOf(string channel) =>
        Notices.Channels.TryParse(channel, out var c) ? Notices.Channels.Contact(c)
        : channel switch { "mobile" => ContactKind.Mobile, "address" => ContactKind.Address, _ => (ContactKind?)null };

    /// <summary>That contact no longer works: notices over it fail, and when nothing reaches the customer the unreachable rule applies.</summary>
    public static async Task MarkInvalidAsync(PolicyCareDb db, string customerId, ContactKind kind, CancellationToken cancel = default)
    {
        var customer = await db.Customers.FindAsync([customerId], cancel)
            ?? throw new InvalidOperationException($"no customer '{customerId}'");
        var invalid = Mapping.SplitList(customer.InvalidContacts).ToHashSet();
        if (invalid.Add(kind.ToString())) customer.InvalidContacts = string.Join(",", invalid.Order(StringComparer.Ordinal));
        await db.SaveChangesAsync(cancel);
    }
}
