// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {TwoStepOwnable} from "../shared/access/TwoStepOwnable.sol";
import {Guardian} from "../shared/access/Guardian.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {OApp, Origin, MessagingFee, MessagingReceipt} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {OAppOptionsType3} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OAppOptionsType3.sol";
import {ISpokePool} from "../shared/interfaces/ISpokePool.sol";
import {IRateConsumer} from "../shared/interfaces/IRateConsumer.sol";
import {ISpokeBridgeAdapter} from "../shared/interfaces/ISpokeBridgeAdapter.sol";
import {BatchMessage} from "../shared/libraries/BatchMessage.sol";
import {TrETHOFT} from "./TrETHOFT.sol";

/// @title SpokePool
/// @notice Native minting on a spoke: ETH in, trETH out at the hub rate, at once. The ETH stays here
///         until `sync` sends it to the hub as a batch (accounting over LayerZero to the hub's
///         BackingLedger, the ETH through the bridge adapter).
/// @dev A first deposit must fit 70,000 gas as a transaction, so its state lives in two hand-packed
///      words: `_flow` (read and written by every deposit) and `_config` (read by every deposit,
///      written by rate pushes and the owner). Caps are stored in units of 1e12 shares; the amount
///      minted in a period is counted in those units rounded up, so the cap is never exceeded.
contract SpokePool is ISpokePool, IRateConsumer, OApp, OAppOptionsType3, TwoStepOwnable, Guardian, ReentrancyGuardTransient {
    uint256 private constant RATE_UNIT = 1e18;
    uint256 private constant BPS = 10_000;
    /// @notice Granularity of the stored caps, in shares (the OFT's shared-decimals dust).
    uint256 public constant CAP_UNIT = 1e12;
    /// @notice Upper bound on the deposit fee: 1%.
    uint16 public constant MAX_FEE_BPS = 100;
    /// @notice Message type for enforced options (the receive gas the hub's BackingLedger needs).
    uint16 public constant MSG_BATCH = 1;

    // _flow: pendingShares (96, exact) | periodMinted (56, cap units) | periodStart (40) |
    //        feeBps (16) | paused (8) | maxPendingShares (40, cap units)
    uint256 private constant MINTED_SHIFT = 96;
    uint256 private constant PERIOD_START_SHIFT = 152;
    uint256 private constant FEE_SHIFT = 192;
    uint256 private constant PAUSED_SHIFT = 208;
    uint256 private constant MAX_PENDING_SHIFT = 216;
    // _config: rate (96) | reportTime (40) | maxRateAge (32) | mintPeriod (32) | mintCap (56, cap units)
    uint256 private constant REPORT_TIME_SHIFT = 96;
    uint256 private constant MAX_AGE_SHIFT = 136;
    uint256 private constant PERIOD_SHIFT = 168;
    uint256 private constant MINT_CAP_SHIFT = 200;

    uint256 private constant MASK_16 = type(uint16).max;
    uint256 private constant MASK_32 = type(uint32).max;
    uint256 private constant MASK_40 = type(uint40).max;
    uint256 private constant MASK_56 = type(uint56).max;
    uint256 private constant MASK_96 = type(uint96).max;

    /// @notice Deploy-time limits (the `spokePool` keys of config/wiring.json).
    struct Limits {
        uint16 feeBps;
        uint32 maxRateAge;
        uint256 mintCap;
        uint32 mintPeriod;
        uint256 maxPendingShares;
    }

    TrETHOFT public immutable trETH;
    /// @notice The only caller of `onRateUpdate`.
    address public immutable rateReceiver;
    /// @notice LayerZero eid of the hub, where the peer BackingLedger lives.
    uint32 public immutable hubEid;

    uint256 private _flow;
    uint256 private _config;

    ISpokeBridgeAdapter public bridgeAdapter;
    /// @inheritdoc ISpokePool
    uint64 public lastBatchId;
    /// @inheritdoc ISpokePool
    uint256 public lastSyncTime;

    constructor(
        TrETHOFT trETH_,
        address rateReceiver_,
        address endpoint,
        uint32 hubEid_,
        address owner_,
        Limits memory limits
    ) OApp(endpoint, owner_) Ownable(owner_) {
        trETH = trETH_;
        rateReceiver = rateReceiver_;
        hubEid = hubEid_;
        _setFee(limits.feeBps);
        _setMaxRateAge(limits.maxRateAge);
        _setMintCap(limits.mintCap, limits.mintPeriod);
        _setMaxPendingShares(limits.maxPendingShares);
    }

    // ------------------------------------------------------------------ deposits

    /// @inheritdoc ISpokePool
    function deposit(address receiver, uint256 minShares) external payable returns (uint256 shares) {
        if (receiver == address(0)) revert SpokePool_ZeroReceiver();
        uint256 fee;
        uint256 rate_;
        uint256 flow;
        (shares, fee, rate_, flow) = _preview(msg.value);
        if (shares < minShares) revert SpokePool_InsufficientShares(shares, minShares);
        _flow = flow;
        trETH.mint(receiver, shares);
        emit Deposited(msg.sender, receiver, msg.value, shares, fee, rate_);
    }

    /// @inheritdoc ISpokePool
    function quoteDeposit(uint256 assets) external view returns (uint256 shares, uint256 fee) {
        (shares, fee,,) = _preview(assets);
    }

    /// @dev Everything `deposit` checks and computes, so a quote can never disagree with it. Returns
    ///      the `_flow` word the deposit must store.
    function _preview(uint256 assets) private view returns (uint256 shares, uint256 fee, uint256 rate_, uint256 flow) {
        flow = _flow;
        if ((flow >> PAUSED_SHIFT) & 1 != 0) revert SpokePool_Paused();
        if (assets == 0) revert SpokePool_ZeroDeposit();

        uint256 config = _config;
        rate_ = config & MASK_96;
        if (rate_ == 0) revert SpokePool_NoRate();
        uint256 reportTime = (config >> REPORT_TIME_SHIFT) & MASK_40;
        uint256 maxAge = (config >> MAX_AGE_SHIFT) & MASK_32;
        // A hub timestamp slightly ahead of this chain's clock counts as fresh: staleness is
        // measured in hours, a few seconds of validator skew do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        uint256 age = block.timestamp > reportTime ? block.timestamp - reportTime : 0;
        if (age > maxAge) revert SpokePool_StaleRate(age, maxAge);

        // Both round toward the pool: fee up, shares down.
        fee = Math.mulDiv(assets, (flow >> FEE_SHIFT) & MASK_16, BPS, Math.Rounding.Ceil);
        shares = Math.mulDiv(assets - fee, RATE_UNIT, rate_);
        if (shares == 0) revert SpokePool_InsufficientShares(0, 0);

        uint256 periodStart = (flow >> PERIOD_START_SHIFT) & MASK_40;
        uint256 minted = (flow >> MINTED_SHIFT) & MASK_56;
        // A period starts at the first deposit after the previous one ended.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= periodStart + ((config >> PERIOD_SHIFT) & MASK_32)) {
            periodStart = block.timestamp;
            minted = 0;
        }
        uint256 capUnits = config >> MINT_CAP_SHIFT;
        uint256 units = Math.ceilDiv(shares, CAP_UNIT);
        if (minted + units > capUnits) revert SpokePool_MintCapExceeded(shares, _unitsLeft(capUnits, minted));

        uint256 pendingShares = flow & MASK_96;
        uint256 maxPending = (flow >> MAX_PENDING_SHIFT) * CAP_UNIT;
        if (pendingShares + shares > maxPending) {
            revert SpokePool_PendingCapExceeded(shares, maxPending > pendingShares ? maxPending - pendingShares : 0);
        }

        // The new values fit their fields: pending <= maxPending < 2^96, minted + units <= mintCap < 2^56.
        flow = (flow & ~((1 << FEE_SHIFT) - 1)) | (pendingShares + shares) | ((minted + units) << MINTED_SHIFT)
            | (periodStart << PERIOD_START_SHIFT);
    }

    function _unitsLeft(uint256 capUnits, uint256 minted) private pure returns (uint256) {
        return capUnits > minted ? (capUnits - minted) * CAP_UNIT : 0;
    }

    // ------------------------------------------------------------------ rate

    /// @inheritdoc IRateConsumer
    /// @dev A rate or time that does not fit its field clears the rate (deposits stop with
    ///      {SpokePool_NoRate}) rather than storing a truncated one.
    function onRateUpdate(uint256 rate_, uint64 reportTime) external {
        if (msg.sender != rateReceiver) revert SpokePool_NotRateReceiver(msg.sender);
        if (rate_ > MASK_96 || reportTime > MASK_40) (rate_, reportTime) = (0, 0);
        _config = (_config & ~((1 << MAX_AGE_SHIFT) - 1)) | rate_ | (uint256(reportTime) << REPORT_TIME_SHIFT);
        emit RateCached(rate_, reportTime);
    }

    /// @notice The cached hub rate (ETH per 1e18 trETH; 0: none usable).
    function rate() external view returns (uint256) {
        return _config & MASK_96;
    }

    /// @notice The cached hub rate and the hub time of the report it comes from.
    function rateAndUpdatedAt() external view returns (uint256 rate_, uint256 updatedAt) {
        uint256 config = _config;
        return (config & MASK_96, (config >> REPORT_TIME_SHIFT) & MASK_40);
    }

    // ------------------------------------------------------------------ batches

    /// @inheritdoc ISpokePool
    /// @dev Works while paused: moving the ETH to the hub only adds backing. State is settled before
    ///      any external call, so a deposit made during the LayerZero refund or the bridge call is
    ///      simply left for the next batch.
    function sync() external payable nonReentrant returns (uint64 batchId) {
        uint256 flow = _flow;
        uint256 shares = flow & MASK_96;
        if (shares == 0) revert SpokePool_NothingToSync();
        ISpokeBridgeAdapter adapter = bridgeAdapter;
        if (address(adapter) == address(0)) revert SpokePool_NoBridgeAdapter();

        uint256 assets = address(this).balance - msg.value;
        batchId = ++lastBatchId;
        _flow = flow & ~MASK_96;
        lastSyncTime = block.timestamp;

        uint256 spokeSupply = trETH.totalSupply();
        MessagingReceipt memory receipt = _lzSend(
            hubEid,
            BatchMessage.encodeBatch(BatchMessage.Batch(batchId, assets, shares, spokeSupply)),
            _batchOptions(),
            MessagingFee(msg.value, 0),
            payable(msg.sender)
        );
        adapter.bridgeToHub{value: assets}(batchId);
        emit BatchSent(batchId, assets, shares, spokeSupply, receipt.guid);
    }

    /// @inheritdoc ISpokePool
    function quoteSync() external view returns (uint256 nativeFee) {
        BatchMessage.Batch memory batch =
            BatchMessage.Batch(lastBatchId + 1, address(this).balance, _flow & MASK_96, trETH.totalSupply());
        return _quote(hubEid, BatchMessage.encodeBatch(batch), _batchOptions(), false).nativeFee;
    }

    /// @inheritdoc ISpokePool
    function pending() external view returns (uint256 shares, uint256 assets) {
        return (_flow & MASK_96, address(this).balance);
    }

    /// @dev Callers pass no options of their own: the owner-set enforced options (receive gas) apply.
    function _batchOptions() private view returns (bytes memory) {
        return enforcedOptions[hubEid][MSG_BATCH];
    }

    /// @dev Only the hub peer gets here (OAppReceiver checks endpoint and peer); it sends HALT only.
    function _lzReceive(Origin calldata, bytes32, bytes calldata message, address, bytes calldata) internal override {
        uint8 messageType = BatchMessage.messageType(message);
        if (messageType != BatchMessage.HALT) revert SpokePool_InvalidMessage(messageType);
        uint256 flow = _flow;
        if ((flow >> PAUSED_SHIFT) & 1 == 0) {
            _flow = flow | (1 << PAUSED_SHIFT);
            emit Paused(msg.sender);
        }
        emit HaltedByHub(BatchMessage.decodeHalt(message));
    }

    // ------------------------------------------------------------------ limits and views

    /// @notice Deposit fee in basis points.
    function feeBps() external view returns (uint256) {
        return (_flow >> FEE_SHIFT) & MASK_16;
    }

    /// @notice Whether deposits are stopped (by the owner or by the hub).
    function paused() external view returns (bool) {
        return (_flow >> PAUSED_SHIFT) & 1 != 0;
    }

    /// @notice Maximum shares minted since the last batch left.
    function maxPendingShares() external view returns (uint256) {
        return (_flow >> MAX_PENDING_SHIFT) * CAP_UNIT;
    }

    /// @notice Maximum age of the cached rate, in seconds, at which deposits are still accepted.
    function maxRateAge() external view returns (uint256) {
        return (_config >> MAX_AGE_SHIFT) & MASK_32;
    }

    /// @notice Length of a mint-cap period, in seconds.
    function mintPeriod() external view returns (uint256) {
        return (_config >> PERIOD_SHIFT) & MASK_32;
    }

    /// @notice Maximum shares minted per period.
    function mintCap() external view returns (uint256) {
        return (_config >> MINT_CAP_SHIFT) * CAP_UNIT;
    }

    /// @notice Shares that may still be minted in the current period (the full cap once it ended).
    function mintCapRemaining() external view returns (uint256) {
        (uint256 flow, uint256 config) = (_flow, _config);
        uint256 periodStart = (flow >> PERIOD_START_SHIFT) & MASK_40;
        uint256 capUnits = config >> MINT_CAP_SHIFT;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= periodStart + ((config >> PERIOD_SHIFT) & MASK_32)) return capUnits * CAP_UNIT;
        return _unitsLeft(capUnits, (flow >> MINTED_SHIFT) & MASK_56);
    }

    // ------------------------------------------------------------------ owner

    function setFee(uint16 feeBps_) external onlyOwner {
        _setFee(feeBps_);
    }

    function setMaxRateAge(uint32 maxRateAge_) external onlyOwner {
        _setMaxRateAge(maxRateAge_);
    }

    /// @notice Sets the per-period mint cap. Lowering it mid-period keeps what was minted: the
    ///         period's remaining room shrinks, possibly to zero.
    /// @param cap Shares per period, a multiple of `CAP_UNIT` below 2^56 units (0 stops minting).
    /// @param period Seconds, non-zero.
    function setMintCap(uint256 cap, uint32 period) external onlyOwner {
        _setMintCap(cap, period);
    }

    /// @param maxPending Shares, a multiple of `CAP_UNIT` below 2^40 units (0 stops minting).
    function setMaxPendingShares(uint256 maxPending) external onlyOwner {
        _setMaxPendingShares(maxPending);
    }

    function setBridgeAdapter(ISpokeBridgeAdapter adapter) external onlyOwner {
        bridgeAdapter = adapter;
        emit BridgeAdapterUpdated(address(adapter));
    }

    function pause() external onlyGuardianOrOwner {
        uint256 flow = _flow;
        if ((flow >> PAUSED_SHIFT) & 1 != 0) revert SpokePool_Paused();
        _flow = flow | (1 << PAUSED_SHIFT);
        emit Paused(msg.sender);
    }

    function unpause() external onlyOwner {
        uint256 flow = _flow;
        if ((flow >> PAUSED_SHIFT) & 1 == 0) revert SpokePool_NotPaused();
        _flow = flow & ~uint256(1 << PAUSED_SHIFT);
        emit Unpaused(msg.sender);
    }

    function _setFee(uint16 feeBps_) private {
        if (feeBps_ > MAX_FEE_BPS) revert SpokePool_FeeTooHigh(feeBps_, MAX_FEE_BPS);
        _flow = (_flow & ~(MASK_16 << FEE_SHIFT)) | (uint256(feeBps_) << FEE_SHIFT);
        emit FeeUpdated(feeBps_);
    }

    function _setMaxRateAge(uint32 maxRateAge_) private {
        _config = (_config & ~(MASK_32 << MAX_AGE_SHIFT)) | (uint256(maxRateAge_) << MAX_AGE_SHIFT);
        emit MaxRateAgeUpdated(maxRateAge_);
    }

    function _setMintCap(uint256 cap, uint32 period) private {
        uint256 units = _toUnits(cap, MASK_56);
        if (period == 0) revert SpokePool_InvalidLimit();
        _config = (_config & ((1 << PERIOD_SHIFT) - 1)) | (uint256(period) << PERIOD_SHIFT) | (units << MINT_CAP_SHIFT);
        emit MintCapUpdated(cap, period);
    }

    function _setMaxPendingShares(uint256 maxPending) private {
        uint256 units = _toUnits(maxPending, MASK_40);
        _flow = (_flow & ((1 << MAX_PENDING_SHIFT) - 1)) | (units << MAX_PENDING_SHIFT);
        emit MaxPendingSharesUpdated(maxPending);
    }

    /// @dev A cap must be stored exactly, so the getters return what the owner set.
    function _toUnits(uint256 shares, uint256 maxUnits) private pure returns (uint256 units) {
        units = shares / CAP_UNIT;
        if (shares % CAP_UNIT != 0 || units > maxUnits) revert SpokePool_InvalidLimit();
    }

    // ------------------------------------------------------------------ ownership

    /// @dev Two-step ownership (Ownable2Step) over the OApp's Ownable.
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
