using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>
/// Clears IFF_UP on a network interface through SIOCGIFFLAGS/SIOCSIFFLAGS on a datagram socket
/// (netdevice(7)): what kexec-tools' ifdown() does before `kexec -e` so that no device keeps
/// doing DMA into memory the next kernel now owns (kexec/ifdown.c).
/// </summary>
public static unsafe class NetworkInterfaceDown
{
    // struct ifreq (include/uapi/linux/if.h): char ifr_name[IFNAMSIZ = 16], then a union whose
    // short ifr_flags sits at offset 16; the union is 24 bytes (struct sockaddr / ifmap), 40 in all.
    private const int IfNameSize = 16;
    private const int IfreqSize = 40;
    private const short IffUp = 0x1;

    /// <summary>Takes the interface down; false when it was already down. Throws ErrnoException.</summary>
    public static bool Invoke(string name)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length >= IfNameSize)
            throw new ArgumentException($"interface name '{name}' is longer than {IfNameSize - 1} bytes", nameof(name));
        int fd = ErrnoException.Check(LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0), "socket", "AF_INET/SOCK_DGRAM");
        try
        {
            byte* req = stackalloc byte[IfreqSize];
            new Span<byte>(req, IfreqSize).Clear();
            nameBytes.CopyTo(new Span<byte>(req, IfNameSize));
            ErrnoException.Check(LibC.ioctl(fd, LibC.SIOCGIFFLAGS, req), "ioctl", $"SIOCGIFFLAGS {name}");
            short* flags = (short*)(req + IfNameSize);
            if ((*flags & IffUp) == 0)
                return false;
            *flags = (short)(*flags & ~IffUp);
            ErrnoException.Check(LibC.ioctl(fd, LibC.SIOCSIFFLAGS, req), "ioctl", $"SIOCSIFFLAGS {name}");
            return true;
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
