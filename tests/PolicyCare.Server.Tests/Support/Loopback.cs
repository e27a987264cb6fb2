using System.Net;
using System.Net.Sockets;

namespace PolicyCare.Support;

public static class Loopback
{
    /// <summary>A port nothing listens on right now, for a server a test starts on the loopback address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
