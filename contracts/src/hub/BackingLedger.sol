// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {TwoStepOwnable} from "../shared/access/TwoStepOwnable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {OApp, Origin, MessagingFee} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {OAppOptionsType3} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OAppOptionsType3.sol";

import {IBackingLedger} from "../shared/interfaces/IBackingLedger.sol";
import {ITrETH} from "../shared/interfaces/ITrETH.sol";
import {BatchMessage} from "../shared/libraries/BatchMessage.sol";

/// @title BackingLedger
/// @notice Hub side of spoke batches: backs each batch's spoke trETH with hub trETH locked in the
///         lockbox (TrETHAdapter) and keeps the record of what backs each spoke. LayerZero peers are
///         the spokes' SpokePools.
/// @dev Every batch operation mints at the current rate (like a deposit) or settles ETH already
///      counted, so none moves the rate; only a short landing that the reserve cannot absorb does.
contract BackingLedger is IBackingLedger, OApp, OAppOptionsType3, TwoStepOwnable, ReentrancyGuardTransient {
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @notice Message type for enforced options on the HALT message (the spoke's receive gas).
    uint16 public constant MSG_HALT = 2;

    ITrETH public immutable trETH;
    /// @notice The TrETHAdapter lockbox.
    address public immutable lockbox;

    /// @notice Most of a late batch's gap that hub stakers cover (deferred gains, new shares), per
    ///         ETH it brings: 1%, more than 13 reports at the rate's 0.075% per-report ceiling after
    ///         the spoke priced it. A batch claiming more is not plausibly late (a forged or broken
    ///         spoke): only the reserve covers the excess, the rest is recorded unbacked.
    uint256 public constant MAX_LATE_DILUTION_BPS = 100;
    uint256 private constant BPS = 10_000;
    uint256 private constant RATE_UNIT = 1e18;

    /// @notice Spoke unbacked supply above which anyone may halt the spoke.
    uint256 public unbackedThreshold;

    /// @dev A Spoke as stored: `lastBatchId` shares the receiver's slot, which every batch reads
    ///      anyway, so a spoke's first batch fills one slot less (the receive gas is enforced).
    struct SpokeState {
        address bridgeReceiver;
        uint64 lastBatchId;
        uint128 maxInTransit;
        uint128 inTransit;
        uint128 reportedSupply;
        uint128 mintedShares;
        uint128 backedShares;
        uint128 unbackedShares;
        uint128 landedAssets;
        uint128 lateOwedShares;
    }

    /// @dev A Batch as stored: the announcement (shares, assets < 2^120 wei, status) is one slot.
    struct BatchState {
        uint128 shares;
        uint120 assets;
        BatchStatus status;
        uint128 landed;
    }

    mapping(uint32 eid => SpokeState) private _spokes;
    mapping(uint32 eid => mapping(uint64 batchId => BatchState)) private _batches;
    uint32[] private _spokeEids;
    uint256 private _totalUnbacked;
    /// @dev Reserve shares minted for recovered landings whose message has not run: set aside for
    ///      it, so neither a release nor another spoke's cover can spend them first.
    uint256 private _reservedForRecovered;
    /// @dev The lowest hub rate late batches may dilute to until the next report: an instant exit's
    ///      fee under the rate at the first late batch after the report at `reportTime`, or the
    ///      previous floor if higher while late debt is owed.
    struct DilutionFloor {
        uint64 reportTime;
        uint192 rate;
    }

    DilutionFloor private _dilutionFloor;
    /// @dev Sum of the spokes' lateOwedShares: while any is owed, the floor does not fall.
    uint256 private _totalLateOwed;

    /// @notice A batch message for a batch already announced (cannot happen through LayerZero's
    ///         nonces; guarded anyway) was ignored.
    event DuplicateBatchIgnored(uint32 indexed eid, uint64 indexed batchId);
    /// @notice Part of a batch never landed: `assets` left the pool, `sharesBurned` of the reserve with them.
    event ShortfallWrittenOff(uint32 indexed eid, uint64 indexed batchId, uint256 assets, uint256 sharesBurned);

    constructor(ITrETH trETH_, address lockbox_, address endpoint, address owner_)
        OApp(endpoint, owner_)
        Ownable(owner_)
    {
        if (address(trETH_) == address(0) || lockbox_ == address(0)) revert BackingLedger_ZeroAddress();
        trETH = trETH_;
        lockbox = lockbox_;
    }

    // ---------------------------------------------------------------- batch halves

    /// @dev Reverts {BackingLedger_UnknownSpoke} for a spoke the owner has not configured: the
    ///      endpoint keeps a reverted message stored and anyone can retry `lzReceive` once
    ///      `setSpoke` ran, so nothing is lost. Accepting it instead would credit ETH against an
    ///      unbounded cap with no receiver that could ever land it.
    function _lzReceive(Origin calldata origin, bytes32, bytes calldata message, address, bytes calldata)
        internal
        override
        nonReentrant
    {
        uint8 messageType = BatchMessage.messageType(message);
        if (messageType != BatchMessage.BATCH) revert BackingLedger_InvalidMessage(messageType);
        uint32 eid = origin.srcEid;
        SpokeState storage s = _spokes[eid];
        if (s.bridgeReceiver == address(0)) revert BackingLedger_UnknownSpoke(eid);
        BatchMessage.Batch memory m = BatchMessage.decodeBatch(message);
        BatchState storage b = _batches[eid][m.batchId];
        BatchStatus status = b.status;
        if (status != BatchStatus.Unknown && status != BatchStatus.Landed && status != BatchStatus.Recovered) {
            emit DuplicateBatchIgnored(eid, m.batchId);
            return;
        }

        uint128 assets = m.assets.toUint128();
        uint128 shares = m.shares.toUint128();
        s.mintedShares += shares;
        if (m.batchId > s.lastBatchId) {
            s.lastBatchId = m.batchId;
            s.reportedSupply = m.spokeSupply.toUint128();
        }
        uint256 setAside = b.shares;
        b.assets = m.assets.toUint120();
        b.shares = shares;

        if (status == BatchStatus.Landed) {
            b.status = BatchStatus.Settled;
            emit BatchAnnounced(eid, m.batchId, assets, shares, BatchStatus.Settled);
            _back(s, eid, m.batchId, trETH.creditBatch{value: b.landed}(0), shares, b.landed);
        } else if (assets == 0 || status == BatchStatus.Recovered) {
            // No ETH will come, or it came and is already in the reserve: back from the reserve.
            // A recovered batch's `shares` held the reserve set aside for it until now.
            if (status == BatchStatus.Recovered) _reservedForRecovered -= setAside;
            b.status = BatchStatus.Settled;
            emit BatchAnnounced(eid, m.batchId, 0, shares, BatchStatus.Settled);
            _back(s, eid, m.batchId, 0, shares, 0);
        } else if (uint256(s.inTransit) + assets <= s.maxInTransit) {
            s.inTransit += assets;
            b.status = BatchStatus.InTransit;
            emit BatchAnnounced(eid, m.batchId, assets, shares, BatchStatus.InTransit);
            _back(s, eid, m.batchId, trETH.creditBatch(assets), shares, assets);
        } else {
            b.status = BatchStatus.Deferred;
            emit BatchAnnounced(eid, m.batchId, assets, shares, BatchStatus.Deferred);
        }
    }

    /// @inheritdoc IBackingLedger
    function receiveBatchETH(uint32 srcEid, uint64 batchId)
        external
        payable
        override
        nonReentrant
    {
        SpokeState storage s = _spokes[srcEid];
        // An unknown spoke has no receiver: every caller is refused.
        if (msg.sender != s.bridgeReceiver) revert BackingLedger_NotBridgeReceiver(srcEid, msg.sender);
        if (msg.value == 0) revert BackingLedger_ZeroAmount();
        BatchState storage b = _batches[srcEid][batchId];
        if (b.landed != 0) revert BackingLedger_DuplicateLanding(srcEid, batchId);

        uint128 value = msg.value.toUint128();
        b.landed = value;
        s.landedAssets += value;
        BatchStatus status = b.status;

        if (status == BatchStatus.Unknown) {
            b.status = BatchStatus.Landed;
            emit BatchLanded(srcEid, batchId, value, BatchStatus.Landed);
        } else if (status == BatchStatus.Deferred) {
            b.status = BatchStatus.Settled;
            emit BatchLanded(srcEid, batchId, value, BatchStatus.Settled);
            _back(s, srcEid, batchId, trETH.creditBatch{value: value}(0), b.shares, value);
        } else if (status == BatchStatus.Settled || status == BatchStatus.WrittenOff) {
            // Backed from the reserve already (announced with no assets, or written off): whatever
            // lands joins the reserve.
            emit BatchLanded(srcEid, batchId, value, status);
            trETH.creditBatch{value: value}(0);
        } else {
            // InTransit: the batch was backed when announced; its ETH now replaces the in-transit claim.
            uint128 assets = b.assets;
            b.status = BatchStatus.Settled;
            s.inTransit -= assets;
            emit BatchLanded(srcEid, batchId, value, BatchStatus.Settled);
            // What never came is written off, burning reserve shares worth it; an excess joins the reserve.
            uint256 burned = trETH.settleBatch{value: Math.min(value, assets)}(assets);
            if (value < assets) emit ShortfallWrittenOff(srcEid, batchId, assets - value, burned);
            else if (value > assets) trETH.creditBatch{value: value - assets}(0);
        }
    }

    /// @dev Locks exactly `shares` in the lockbox. A batch the hub rate outran since the spoke priced
    ///      it (it came late) is short: the ledger's `minted` shares of this batch come first, then the
    ///      free reserve (spoke fees), then the pool's deferred shares, then new shares within the
    ///      late-batch bounds. Only what none of them may cover becomes the spoke's unbacked supply.
    ///      `ethBacking` is the ETH this batch brings (0 when none will come).
    function _back(
        SpokeState storage s,
        uint32 eid,
        uint64 batchId,
        uint256 minted,
        uint128 shares,
        uint256 ethBacking
    ) private {
        uint256 held = IERC20(address(trETH)).balanceOf(address(this));
        uint256 setAside = _reservedForRecovered;
        uint256 locked = Math.min(shares, held > setAside ? held - setAside : 0);
        uint256 missing = shares - locked;
        if (missing > 0 && ethBacking > 0) {
            uint256 covered = _coverLateGap(s, missing, ethBacking);
            locked += covered;
            missing -= covered;
        }
        s.backedShares += uint128(locked);
        if (missing > 0) {
            s.unbackedShares += uint128(missing);
            _totalUnbacked += missing;
        }
        emit BatchBacked(eid, batchId, minted, locked, missing);
        if (locked > 0) IERC20(address(trETH)).safeTransfer(lockbox, locked);
    }

    /// @dev Past the reserve, only the gap a late batch can plausibly have is covered: at most
    ///      MAX_LATE_DILUTION_BPS of the ETH it brings, from deferred shares and new shares down to
    ///      the floor. What only the floor held back is owed: later reports pay it (coverUnbacked).
    function _coverLateGap(SpokeState storage s, uint256 missing, uint256 ethBacking) private returns (uint256 covered) {
        uint256 supply = IERC20(address(trETH)).totalSupply();
        uint256 pooled = trETH.totalPooledEther();
        uint256 plausible = Math.min(missing, Math.mulDiv(ethBacking * MAX_LATE_DILUTION_BPS, supply, pooled * BPS));
        (uint256 fromDeferred, uint256 diluted) = trETH.coverBatchShortfall(plausible, _floorAllowance(supply, pooled));
        covered = fromDeferred + diluted;
        if (plausible > covered) {
            s.lateOwedShares += uint128(plausible - covered);
            _totalLateOwed += plausible - covered;
        }
    }

    /// @dev New shares late batches may still mint in this report period: down to the period's rate
    ///      floor, set by the first late batch after the report. So late batches together lower the
    ///      rate by at most an instant exit's fee per report: leaving before they land and coming
    ///      back after never beats holding. Each batch is also held to MAX_LATE_DILUTION_BPS of its ETH.
    function _floorAllowance(uint256 supply, uint256 pooled) private returns (uint256) {
        DilutionFloor memory floor = _dilutionFloor;
        uint64 reportTime = uint64(trETH.lastReportTime());
        if (floor.reportTime != reportTime) {
            uint256 exitFeeBps = trETH.instantExitFeeBps();
            uint256 floorRate = Math.mulDiv(pooled, RATE_UNIT * (BPS - exitFeeBps), supply * BPS);
            // While late debt is owed the floor never falls: later reports pay it only out of gains,
            // so leaving once before the debt and coming back after it never beats holding either.
            if (_totalLateOwed > 0 && floor.rate > floorRate) floorRate = floor.rate;
            floor = DilutionFloor(reportTime, floorRate.toUint192());
            _dilutionFloor = floor;
            emit LateDilutionFloorSet(reportTime, floor.rate);
        }
        uint256 supplyAtFloor = Math.mulDiv(pooled, RATE_UNIT, floor.rate);
        return supplyAtFloor > supply ? supplyAtFloor - supply : 0;
    }

    // ---------------------------------------------------------------- reserve and halts

    /// @inheritdoc IBackingLedger
    /// @dev The free reserve first; then a late batch's debt that only a period's floor held back
    ///      is paid like the batch would have been (deferred shares, new shares down to this
    ///      period's floor). Other unbacked supply waits for the reserve.
    function coverUnbacked(uint32 eid) external nonReentrant returns (uint256 covered) {
        SpokeState storage s = _spokes[eid];
        uint256 unbacked = s.unbackedShares;
        uint256 reserve = IERC20(address(trETH)).balanceOf(address(this));
        covered = Math.min(unbacked, reserve > _reservedForRecovered ? reserve - _reservedForRecovered : 0);
        uint256 lateOwed = Math.min(s.lateOwedShares, unbacked - covered);
        if (lateOwed > 0) {
            (uint256 fromDeferred, uint256 diluted) = trETH.coverBatchShortfall(
                lateOwed, _floorAllowance(IERC20(address(trETH)).totalSupply(), trETH.totalPooledEther())
            );
            covered += fromDeferred + diluted;
            lateOwed -= fromDeferred + diluted;
        }
        if (covered == 0) revert BackingLedger_ZeroAmount();
        _totalLateOwed -= s.lateOwedShares - lateOwed;
        s.lateOwedShares = uint128(lateOwed);
        s.unbackedShares -= uint128(covered);
        s.backedShares += uint128(covered);
        _totalUnbacked -= covered;
        emit UnbackedCovered(eid, covered);
        IERC20(address(trETH)).safeTransfer(lockbox, covered);
    }

    /// @inheritdoc IBackingLedger
    function releaseReserve(uint256 shares) external onlyOwner nonReentrant {
        if (shares == 0) revert BackingLedger_ZeroAmount();
        uint256 reserve = IERC20(address(trETH)).balanceOf(address(this));
        uint256 kept = _totalUnbacked + _reservedForRecovered;
        uint256 free = reserve > kept ? reserve - kept : 0;
        if (shares > free) revert BackingLedger_ReserveTooSmall(shares, free);
        emit ReserveReleasedToStakers(shares);
        IERC20(address(trETH)).safeTransfer(address(trETH), shares);
    }

    // ---------------------------------------------------------------- recovery

    /// @inheritdoc IBackingLedger
    function writeOffBatch(uint32 eid, uint64 batchId) external onlyOwner nonReentrant {
        BatchState storage b = _batches[eid][batchId];
        BatchStatus status = b.status;
        uint256 assets = b.assets;
        if (status == BatchStatus.InTransit) {
            // What the reserve cannot cover lowers the rate at once: exits must be closed first,
            // or a holder watching the mempool leaves before the drop.
            (, bool exitsPaused) = trETH.paused();
            if (!exitsPaused) revert BackingLedger_InstantExitsOpen();
            SpokeState storage s = _spokes[eid];
            s.inTransit -= uint128(assets);
            b.status = BatchStatus.WrittenOff;
            uint256 burned = trETH.settleBatch(assets);
            emit BatchWrittenOff(eid, batchId, assets, burned);
        } else if (status == BatchStatus.Deferred) {
            b.status = BatchStatus.WrittenOff;
            emit BatchWrittenOff(eid, batchId, assets, 0);
            _back(_spokes[eid], eid, batchId, 0, b.shares, 0);
        } else {
            revert BackingLedger_InvalidBatchStatus(eid, batchId, status);
        }
    }

    /// @inheritdoc IBackingLedger
    function recoverLanded(uint32 eid, uint64 batchId) external onlyOwner nonReentrant returns (uint256 shares) {
        BatchState storage b = _batches[eid][batchId];
        if (b.status != BatchStatus.Landed) revert BackingLedger_InvalidBatchStatus(eid, batchId, b.status);
        b.status = BatchStatus.Recovered;
        shares = trETH.creditBatch{value: b.landed}(0);
        b.shares = shares.toUint128();
        _reservedForRecovered += shares;
        emit LandedRecovered(eid, batchId, b.landed, shares);
    }

    /// @inheritdoc IBackingLedger
    function haltSpoke(uint32 eid) external payable nonReentrant returns (bytes32 guid) {
        uint256 unbacked = _haltableUnbacked(eid);
        guid = _lzSend(
            eid, BatchMessage.encodeHalt(unbacked), enforcedOptions[eid][MSG_HALT], MessagingFee(msg.value, 0), payable(msg.sender)
        ).guid;
        emit SpokeHaltSent(eid, unbacked, guid);
    }

    /// @inheritdoc IBackingLedger
    function quoteHalt(uint32 eid) external view returns (uint256 nativeFee) {
        return _quote(eid, BatchMessage.encodeHalt(_haltableUnbacked(eid)), enforcedOptions[eid][MSG_HALT], false)
            .nativeFee;
    }

    function _haltableUnbacked(uint32 eid) private view returns (uint256 unbacked) {
        unbacked = _spokes[eid].unbackedShares;
        uint256 threshold = unbackedThreshold;
        if (unbacked <= threshold) revert BackingLedger_BelowHaltThreshold(unbacked, threshold);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IBackingLedger
    /// @dev The spoke's SpokePool is set separately as the LayerZero peer (`setPeer`), like every OApp.
    function setSpoke(uint32 eid, address bridgeReceiver, uint128 maxInTransit) external onlyOwner {
        if (bridgeReceiver == address(0)) revert BackingLedger_ZeroAddress();
        SpokeState storage s = _spokes[eid];
        if (s.bridgeReceiver == address(0)) _spokeEids.push(eid);
        s.bridgeReceiver = bridgeReceiver;
        s.maxInTransit = maxInTransit;
        emit SpokeConfigured(eid, bridgeReceiver, maxInTransit);
    }

    /// @inheritdoc IBackingLedger
    function setUnbackedThreshold(uint256 shares) external onlyOwner {
        unbackedThreshold = shares;
        emit UnbackedThresholdSet(shares);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IBackingLedger
    function spoke(uint32 eid) external view returns (Spoke memory) {
        SpokeState storage s = _spokes[eid];
        return Spoke({
            bridgeReceiver: s.bridgeReceiver,
            maxInTransit: s.maxInTransit,
            inTransit: s.inTransit,
            reportedSupply: s.reportedSupply,
            mintedShares: s.mintedShares,
            backedShares: s.backedShares,
            unbackedShares: s.unbackedShares,
            lateOwedShares: s.lateOwedShares,
            landedAssets: s.landedAssets,
            lastBatchId: s.lastBatchId
        });
    }

    /// @inheritdoc IBackingLedger
    function batch(uint32 eid, uint64 batchId) external view returns (Batch memory) {
        BatchState storage b = _batches[eid][batchId];
        return Batch(b.assets, b.shares, b.landed, b.status);
    }

    /// @inheritdoc IBackingLedger
    function reserveShares() external view returns (uint256) {
        return IERC20(address(trETH)).balanceOf(address(this));
    }

    /// @inheritdoc IBackingLedger
    function spokeEids() external view returns (uint32[] memory) {
        return _spokeEids;
    }

    /// @inheritdoc IBackingLedger
    function lockboxBalance() external view returns (uint256) {
        return IERC20(address(trETH)).balanceOf(lockbox);
    }

    /// @inheritdoc IBackingLedger
    /// @dev Summed on read: a running total would cost every batch another storage write.
    function totalInTransit() external view returns (uint256 total) {
        for (uint256 i; i < _spokeEids.length; ++i) {
            total += _spokes[_spokeEids[i]].inTransit;
        }
    }

    /// @inheritdoc IBackingLedger
    function lateDilutionFloor() external view returns (uint256 reportTime, uint256 rate) {
        return (_dilutionFloor.reportTime, _dilutionFloor.rate);
    }

    /// @notice Unbacked spoke supply over all spokes: the part of the reserve `releaseReserve` keeps.
    function totalUnbacked() external view returns (uint256) {
        return _totalUnbacked;
    }

    // ---------------------------------------------------------------- ownership

    /// @dev OApp brings Ownable; ownership moves in two steps like the SpokePool's.
    function transferOwnership(address newOwner) public override(Ownable, Ownable2Step) {
        super.transferOwnership(newOwner);
    }

    function _transferOwnership(address newOwner) internal override(Ownable, Ownable2Step) {
        super._transferOwnership(newOwner);
    }

    function renounceOwnership() public pure override(Ownable, TwoStepOwnable) {
        super.renounceOwnership();
    }
}
