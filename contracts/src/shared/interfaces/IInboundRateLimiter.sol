// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IInboundRateLimiter
/// @notice Per-source limit on what an OFT credits, over a sliding window. A credit that does not
///         fit is parked, never reverted (a reverted receive leaves the LayerZero message stuck),
///         and anyone releases it once the window allows. Credits from one source are released in
///         arrival order: once one is parked, later credits from that source park behind it, so no
///         stream of small credits can starve a large one.
interface IInboundRateLimiter {
    /// @notice What a source may credit: `limit` over `window` seconds (linear refill).
    struct InboundLimitConfig {
        uint32 srcEid;
        uint88 limit;
        uint32 window;
    }

    enum ParkedStatus {
        None,
        Parked,
        Released,
        Cancelled
    }

    /// @notice A parked credit, keyed by its LayerZero guid.
    /// @param to The recipient.
    /// @param amountSD The amount, in shared decimals (as the message carried it).
    /// @param srcEid The source endpoint id.
    /// @param parkedAt When it parked: nothing of it is released before one window has passed.
    /// @param nonce The message nonce (the compose message carries it).
    /// @param status Parked, Released or Cancelled.
    /// @param paidSD What installments have paid of it so far (shared decimals).
    /// @param parkedBefore Sum (shared decimals) of everything parked from the source before it.
    /// @param composeMsg The composed call (empty for a plain send), sent with the last installment.
    struct ParkedCredit {
        address to;
        uint64 amountSD;
        uint32 srcEid;
        uint32 parkedAt;
        uint64 nonce;
        ParkedStatus status;
        uint64 paidSD;
        uint88 parkedBefore;
        bytes composeMsg;
    }

    /// @notice A credit did not fit its source's window (or releases are paused, or older credits
    ///         from the source are still parked) and waits.
    /// @param releasableAt The earliest release time if the credits ahead are released promptly
    ///        (`type(uint256).max`: the source has no limit yet and waits for the owner).
    event CreditParked(
        bytes32 indexed guid, uint32 indexed srcEid, address indexed to, uint256 amountLD, uint256 releasableAt
    );
    /// @notice A parked credit, or one installment of it, was paid to its recipient.
    /// @param remainingLD What is still parked of it (0: paid in full).
    event ParkedCreditReleased(
        bytes32 indexed guid, uint32 indexed srcEid, address indexed to, uint256 amountLD, uint256 remainingLD
    );
    /// @notice The owner dropped a parked credit (a forged message): nothing is paid.
    event ParkedCreditCancelled(bytes32 indexed guid, uint32 indexed srcEid, address indexed to, uint256 amountLD);
    event InboundLimitSet(uint32 indexed srcEid, uint256 limit, uint256 window);
    event ReleasesPaused(address indexed by);
    event ReleasesUnpaused();

    /// @notice The guid has no parked credit waiting (never parked, or already released/cancelled).
    error InboundRateLimiter_NotParked(bytes32 guid, ParkedStatus status);
    /// @notice An older credit from the same source is still parked: release that one first.
    error InboundRateLimiter_NotNext(bytes32 guid, bytes32 next);
    /// @notice The source's window does not have room for the credit yet.
    error InboundRateLimiter_NotYetReleasable(bytes32 guid, uint256 releasableAt);
    error InboundRateLimiter_ReleasesPaused();
    error InboundRateLimiter_ZeroWindow(uint32 srcEid);

    /// @notice Pays a parked credit to its recipient (and queues its compose) once its source's
    ///         window has room for it. Anyone may call it.
    /// @dev Requirements: releases not paused; the credit is parked and the oldest one parked from
    ///      its source; one window has passed since it parked (time for the guardian to look at
    ///      it); the limit is not zero and the window has room for min(what is left, limit).
    ///      A credit larger than the limit is paid in installments of one limit, each once the
    ///      window is empty, so a forged credit of any size pays at most one limit per window and
    ///      the guardian has time to pause; its compose goes with the last installment.
    ///      Emits {ParkedCreditReleased} and the OFT's OFTReceived per installment.
    function releaseParked(bytes32 guid) external;

    /// @notice Drops a parked credit without paying it: the recovery for a forged message caught
    ///         by the limit. Owner (the timelock) only.
    /// @dev Emits {ParkedCreditCancelled}.
    function cancelParked(bytes32 guid) external;

    /// @notice Sets limits per source; what is in flight carries over. Owner only.
    /// @dev A source without a limit (the default) parks every credit until one is set.
    ///      Emits {InboundLimitSet} per config.
    function setInboundLimits(InboundLimitConfig[] calldata configs) external;

    /// @notice Stops every credit from being paid: new credits park, releases revert. Guardian or owner.
    /// @dev Emits {ReleasesPaused}.
    function pauseReleases() external;

    /// @notice Lets parked and new credits through again. Owner only (behind the timelock).
    /// @dev Emits {ReleasesUnpaused}.
    function unpauseReleases() external;

    /// @notice Whether releases are paused.
    function releasesPaused() external view returns (bool);

    /// @notice A source's limit and what it can credit now.
    /// @return limit The limit per window.
    /// @return window The window in seconds.
    /// @return inFlight What still counts against the window now.
    /// @return canReceive What a credit may be to pass now (0 while credits wait or releases are paused).
    /// @return parkedCount How many credits from the source wait.
    function inboundCapacity(uint32 srcEid)
        external
        view
        returns (uint256 limit, uint256 window, uint256 inFlight, uint256 canReceive, uint256 parkedCount);

    /// @notice A parked (or released/cancelled) credit by guid.
    function parkedCredit(bytes32 guid) external view returns (ParkedCredit memory);

    /// @notice The earliest time `guid` (its next installment) can be released if the credits
    ///         ahead of it are released promptly: 0 when it is not parked, `type(uint256).max` when
    ///         its source has no limit. Each further installment of a credit over the limit follows
    ///         one window later.
    function releasableAt(bytes32 guid) external view returns (uint256);

    /// @notice The guid of the next credit to release from `srcEid` (zero when none waits).
    function nextParked(uint32 srcEid) external view returns (bytes32);
}
