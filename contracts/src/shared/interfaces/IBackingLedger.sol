// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBatchReceiver} from "./IBatchReceiver.sol";

/// @title IBackingLedger
/// @notice Hub side of spoke batches and the record of what backs each spoke's trETH.
/// @dev A batch has two halves that may arrive in either order: the LayerZero accounting message
///      (assets, shares) from the spoke's SpokePool peer, and the ETH through the spoke's bridge.
///      - Message first, within the spoke's in-transit cap: the pool counts the ETH as in transit
///        (an asset, so the rate does not move) and mints its shares to the ledger at the current
///        rate; the ledger locks exactly the spoke's shares in the lockbox (TrETHAdapter).
///      - Message first, over the cap: nothing is backed yet; the batch is backed when its ETH lands.
///      - ETH first: held until the message arrives, then deposited and backed at once.
///      Shares minted for a batch beyond what the spoke minted (the spoke's fee, a hub rate that
///      dropped) stay with the ledger as a reserve; a shortfall (the hub rate rose more than the fee
///      since the spoke priced its deposits) is covered from the reserve, and what the reserve cannot
///      cover is recorded as the spoke's unbacked supply. Past a threshold anyone may tell the spoke
///      to stop minting.
interface IBackingLedger is IBatchReceiver {
    enum BatchStatus {
        Unknown,
        /// Message arrived and backed; ETH in transit.
        InTransit,
        /// Message arrived over the in-transit cap; backed when the ETH lands.
        Deferred,
        /// ETH arrived before the message.
        Landed,
        /// Both halves arrived; backed and the ETH is in the pool.
        Settled,
        /// Its ETH never landed and the owner wrote it off; ETH landing later joins the reserve.
        WrittenOff,
        /// Its ETH landed but the message never ran; the owner moved the ETH into the pool as
        /// reserve, from which the message, if it ever runs, is backed.
        Recovered
    }

    struct Batch {
        uint128 assets;
        uint128 shares;
        uint128 landed;
        BatchStatus status;
    }

    /// @notice Per-spoke configuration and totals. Shares are trETH (18 decimals), assets ETH.
    struct Spoke {
        /// @notice Hub-side bridge receiver allowed to deliver this spoke's batch ETH.
        address bridgeReceiver;
        /// @notice Most ETH this spoke may have counted as in transit at once.
        uint128 maxInTransit;
        /// @notice ETH counted as pool assets before landing.
        uint128 inTransit;
        /// @notice Spoke trETH supply as reported by its latest batch message.
        uint128 reportedSupply;
        /// @notice Shares the spoke reported minting, over all batches.
        uint128 mintedShares;
        /// @notice Shares locked in the lockbox for this spoke's batches.
        uint128 backedShares;
        /// @notice Spoke shares the ledger could not back yet.
        uint128 unbackedShares;
        /// @notice The part of `unbackedShares` from late batches that only a report period's
        ///         dilution floor held back: `coverUnbacked` pays it in later periods.
        uint128 lateOwedShares;
        /// @notice ETH landed on the hub for this spoke, over all batches.
        uint128 landedAssets;
        uint64 lastBatchId;
    }

    event SpokeConfigured(uint32 indexed eid, address bridgeReceiver, uint256 maxInTransit);
    event UnbackedThresholdSet(uint256 shares);
    event BatchAnnounced(uint32 indexed eid, uint64 indexed batchId, uint256 assets, uint256 shares, BatchStatus status);
    event BatchLanded(uint32 indexed eid, uint64 indexed batchId, uint256 amount, BatchStatus status);
    event BatchBacked(
        uint32 indexed eid, uint64 indexed batchId, uint256 sharesMinted, uint256 sharesLocked, uint256 unbackedAdded
    );
    event UnbackedCovered(uint32 indexed eid, uint256 shares);
    /// @notice The first late batch after the report at `reportTime` set the rate late batches may
    ///         dilute to until the next report.
    event LateDilutionFloorSet(uint256 reportTime, uint256 rate);
    event SpokeHaltSent(uint32 indexed eid, uint256 unbackedShares, bytes32 guid);
    /// @notice A batch's ETH was written off: `assets` stopped counting as pooled, burning
    ///         `sharesBurned` of the reserve (an in-transit batch), or its shares were backed from
    ///         the reserve (a deferred batch, `assets` never counted).
    event BatchWrittenOff(uint32 indexed eid, uint64 indexed batchId, uint256 assets, uint256 sharesBurned);
    /// @notice ETH that landed for a batch whose message never ran was credited to the pool, and
    ///         `shares` minted to the reserve.
    event LandedRecovered(uint32 indexed eid, uint64 indexed batchId, uint256 amount, uint256 shares);
    /// @notice Free reserve shares went to the pool's deferred shares: hub stakers get them.
    event ReserveReleasedToStakers(uint256 shares);

    error BackingLedger_UnknownSpoke(uint32 eid);
    error BackingLedger_NotBridgeReceiver(uint32 eid, address caller);
    error BackingLedger_DuplicateLanding(uint32 eid, uint64 batchId);
    error BackingLedger_ZeroAmount();
    error BackingLedger_BelowHaltThreshold(uint256 unbackedShares, uint256 threshold);
    error BackingLedger_ReserveTooSmall(uint256 requested, uint256 available);
    error BackingLedger_InvalidMessage(uint8 messageType);
    error BackingLedger_ZeroAddress();
    /// @notice The recovery asked for does not apply to a batch in `status`.
    error BackingLedger_InvalidBatchStatus(uint32 eid, uint64 batchId, BatchStatus status);
    /// @notice Writing off in-transit ETH needs the pool's instant exits paused first.
    error BackingLedger_InstantExitsOpen();

    /// @inheritdoc IBatchReceiver
    /// @dev Only the spoke's bridge receiver. A second landing for the same batch reverts (the
    ///      bridge keeps it claimable, nothing is lost); an amount different from the announced one
    ///      is accepted and reconciled at what actually arrived.
    function receiveBatchETH(uint32 srcEid, uint64 batchId) external payable;

    /// @notice Covers the spoke's unbacked supply into the lockbox, from the free reserve, and for its
    ///         `lateOwedShares` also from the pool's deferred shares and new shares down to this
    ///         report period's floor. Anyone; reverts with {BackingLedger_ZeroAmount} when nothing
    ///         can be covered.
    function coverUnbacked(uint32 eid) external returns (uint256 covered);

    /// @notice Tells the spoke to stop minting when its unbacked supply is over the threshold.
    ///         Anyone may call it and pays the LayerZero fee (see `quoteHalt`).
    function haltSpoke(uint32 eid) external payable returns (bytes32 guid);

    function quoteHalt(uint32 eid) external view returns (uint256 nativeFee);

    /// @notice Hands reserve shares not needed to cover any unbacked supply to hub stakers: they join
    ///         the pool's deferred shares, burned within the per-report limit. The spoke fee pays for
    ///         in-transit ETH counted as pooled while it earns nothing (docs/economics.md), so it goes
    ///         to the stakers who carried it, not to an address the owner picks. Owner only.
    function releaseReserve(uint256 shares) external;

    /// @notice Writes off a batch whose ETH will never land (a lost bridge transfer), so pooled ETH
    ///         stops counting it: an InTransit batch settles with nothing landed (the reserve's
    ///         shares worth it are burned, the rate falls only by what it cannot cover); a Deferred
    ///         batch's shares are backed from the reserve. Owner only; wait out the bridge's window
    ///         first, and pause the pool's instant exits for an in-transit batch (a drop the
    ///         reserve cannot cover must not be front-run). ETH that lands later joins the
    ///         reserve. Emits {BatchWrittenOff}.
    function writeOffBatch(uint32 eid, uint64 batchId) external;

    /// @notice Credits ETH that landed for a batch whose message never ran to the pool, minting its
    ///         shares to the reserve, so it earns and counts. The reserve keeps those shares for the
    ///         message (no release or cover spends them); if it runs later, its shares are backed
    ///         from them. Owner only. Emits {LandedRecovered}.
    function recoverLanded(uint32 eid, uint64 batchId) external returns (uint256 shares);

    function setSpoke(uint32 eid, address bridgeReceiver, uint128 maxInTransit) external;

    function setUnbackedThreshold(uint256 shares) external;

    function spoke(uint32 eid) external view returns (Spoke memory);

    function batch(uint32 eid, uint64 batchId) external view returns (Batch memory);

    /// @notice Reserve shares held by the ledger (the spoke fees and rate gains of past batches).
    function reserveShares() external view returns (uint256);

    /// @notice The spokes the ledger knows, in the order they were configured.
    function spokeEids() external view returns (uint32[] memory);

    /// @notice Hub trETH locked in the lockbox (backing every spoke's supply: batches and OFT sends).
    function lockboxBalance() external view returns (uint256);

    /// @notice ETH counted as in transit over all spokes.
    function totalInTransit() external view returns (uint256);

    /// @notice The lowest hub rate (1e18 = 1 ETH per share) that late batches may dilute to until the
    ///         next report: the instant-exit fee under the rate at the first late batch after
    ///         the report at `reportTime`, never lower than the previous floor while late debt is owed.
    function lateDilutionFloor() external view returns (uint256 reportTime, uint256 rate);
}
