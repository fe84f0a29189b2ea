// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IWithdrawalQueue} from "../shared/interfaces/IWithdrawalQueue.sol";

/// @dev The one pool call the queue needs besides ERC-20.
interface IRateSource {
    function getRate() external view returns (uint256);
}

/// @title WithdrawalQueue
/// @notice trETH -> ETH withdrawal requests as ERC-721 NFTs, finalized in FIFO order by the pool.
/// @dev Lifecycle: requestWithdrawal (trETH moves into the queue, NFT minted) -> finalize by the
///      pool (ETH arrives, the pool burns the queue's shares) -> claim (ETH to the NFT owner, NFT
///      burned, request kept with `claimed = true`). Burning on claim keeps `requestsOf` to live
///      requests and stops an emptied NFT from being sold as if it still held ETH.
///      Per-owner enumeration is kept here rather than through ERC721Enumerable: its global token
///      index costs ~49k gas per request and nothing needs it.
contract WithdrawalQueue is IWithdrawalQueue, ERC721, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice May pause and resume new requests.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @inheritdoc IWithdrawalQueue
    /// @dev 0.001 ETH: each request costs the pool ~5k gas to finalize; dust must not clog the queue.
    uint256 public constant MIN_WITHDRAWAL = 0.001 ether;
    /// @inheritdoc IWithdrawalQueue
    /// @dev 1,000 ETH (Lido's cap): bounds how much one request can hold up; whales split.
    uint256 public constant MAX_WITHDRAWAL = 1_000 ether;

    uint256 private constant RATE_UNIT = 1e18;

    /// @inheritdoc IWithdrawalQueue
    address public immutable POOL;

    mapping(uint256 requestId => Request) private _requests;
    mapping(address owner => mapping(uint256 index => uint256 requestId)) private _ownedRequests;
    mapping(uint256 requestId => uint256 index) private _ownedIndex;

    /// @inheritdoc IWithdrawalQueue
    uint256 public lastRequestId;
    /// @inheritdoc IWithdrawalQueue
    uint256 public lastFinalizedRequestId;
    /// @inheritdoc IWithdrawalQueue
    uint256 public unfinalizedShares;
    /// @inheritdoc IWithdrawalQueue
    uint256 public lockedEther;
    /// @inheritdoc IWithdrawalQueue
    bool public requestsPaused;

    modifier onlyPool() {
        if (msg.sender != POOL) revert WithdrawalQueue_NotPool(msg.sender);
        _;
    }

    /// @param pool The trETH pool (ERC-20 with `getRate()`), sole caller of {finalize}.
    /// @param admin Holds DEFAULT_ADMIN_ROLE (grants PAUSER_ROLE; holds no pause power itself).
    constructor(address pool, address admin) ERC721("Tributary Withdrawal Request", "trETH-WR") {
        if (pool == address(0) || admin == address(0)) revert WithdrawalQueue_ZeroAddress();
        POOL = pool;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ requests

    /// @inheritdoc IWithdrawalQueue
    function requestWithdrawal(uint256 shares, address owner) external returns (uint256 requestId) {
        return _request(shares, owner);
    }

    /// @notice {requestWithdrawal} with an ERC-2612 permit for `shares` trETH to this queue.
    /// @dev A failed permit is ignored when the allowance already covers `shares`, so a permit
    ///      front-run from the mempool cannot grief the request.
    function requestWithdrawalWithPermit(
        uint256 shares,
        address owner,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 requestId) {
        try IERC20Permit(POOL).permit(msg.sender, address(this), shares, deadline, v, r, s) {} catch {}
        return _request(shares, owner);
    }

    function _request(uint256 shares, address owner) private returns (uint256 requestId) {
        if (requestsPaused) revert WithdrawalQueue_RequestsPaused();
        if (owner == address(0)) revert WithdrawalQueue_ZeroOwner();
        uint256 rate = IRateSource(POOL).getRate();
        uint256 eth = shares * rate / RATE_UNIT;
        if (eth < MIN_WITHDRAWAL) revert WithdrawalQueue_AmountTooSmall(eth, MIN_WITHDRAWAL);
        if (eth > MAX_WITHDRAWAL) revert WithdrawalQueue_AmountTooLarge(eth, MAX_WITHDRAWAL);

        requestId = ++lastRequestId;
        _requests[requestId] = Request({
            shares: SafeCast.toUint128(shares),
            rateAtRequest: SafeCast.toUint128(rate),
            ethFinalized: 0,
            requestedAt: uint64(block.timestamp),
            claimed: false
        });
        unfinalizedShares += shares;

        IERC20(POOL).safeTransferFrom(msg.sender, address(this), shares);
        _mint(owner, requestId);
        emit WithdrawalRequested(requestId, msg.sender, owner, shares, rate);
    }

    // ------------------------------------------------------------------ finalization

    /// @inheritdoc IWithdrawalQueue
    /// @dev Each request pays shares * min(rateAtRequest, rate) / 1e18, rounded down.
    ///      Reverts unless lastFinalizedRequestId < upToRequestId <= lastRequestId.
    function prefinalize(uint256 upToRequestId, uint256 rate)
        public
        view
        returns (uint256 ethToLock, uint256 sharesToBurn)
    {
        uint256 from = _checkRange(upToRequestId, rate);
        for (uint256 id = from; id <= upToRequestId; ++id) {
            Request storage req = _requests[id];
            ethToLock += _payout(req.shares, req.rateAtRequest, rate);
            sharesToBurn += req.shares;
        }
    }

    /// @inheritdoc IWithdrawalQueue
    function finalize(uint256 upToRequestId, uint256 rate) external payable onlyPool {
        uint256 from = _checkRange(upToRequestId, rate);
        uint256 ethToLock;
        uint256 sharesToBurn;
        for (uint256 id = from; id <= upToRequestId; ++id) {
            Request storage req = _requests[id];
            uint256 shares = req.shares;
            uint256 eth = _payout(shares, req.rateAtRequest, rate);
            // eth <= shares * rateAtRequest / 1e18, which request() bounded by MAX_WITHDRAWAL.
            // forge-lint: disable-next-line(unsafe-typecast)
            req.ethFinalized = uint128(eth);
            ethToLock += eth;
            sharesToBurn += shares;
        }
        if (msg.value != ethToLock) revert WithdrawalQueue_WrongFinalizationValue(msg.value, ethToLock);

        lastFinalizedRequestId = upToRequestId;
        lockedEther += ethToLock;
        unfinalizedShares -= sharesToBurn;
        emit WithdrawalsFinalized(from, upToRequestId, ethToLock, sharesToBurn, rate);
    }

    function _checkRange(uint256 upToRequestId, uint256 rate) private view returns (uint256 from) {
        uint256 last = lastRequestId;
        if (upToRequestId <= lastFinalizedRequestId || upToRequestId > last) {
            revert WithdrawalQueue_InvalidFinalizationRange(upToRequestId, last);
        }
        if (rate == 0) revert WithdrawalQueue_ZeroRate();
        return lastFinalizedRequestId + 1;
    }

    /// @dev The lower rate wins: a loss since the request is shared, a gain is not paid twice
    ///      (the request stopped earning when it left the pool's share supply).
    function _payout(uint256 shares, uint256 rateAtRequest, uint256 rate) private pure returns (uint256) {
        return shares * (rate < rateAtRequest ? rate : rateAtRequest) / RATE_UNIT;
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IWithdrawalQueue
    function claim(uint256 requestId) external nonReentrant {
        _claim(requestId);
    }

    /// @inheritdoc IWithdrawalQueue
    function claimBatch(uint256[] calldata requestIds) external nonReentrant {
        for (uint256 i; i < requestIds.length; ++i) {
            _claim(requestIds[i]);
        }
    }

    function _claim(uint256 requestId) private {
        if (requestId == 0 || requestId > lastFinalizedRequestId) revert WithdrawalQueue_NotFinalized(requestId);
        Request storage req = _requests[requestId];
        if (req.claimed) revert WithdrawalQueue_AlreadyClaimed(requestId);
        address owner = _ownerOf(requestId);
        if (!_isAuthorized(owner, msg.sender, requestId)) {
            revert WithdrawalQueue_NotOwnerOrApproved(requestId, msg.sender);
        }

        uint256 eth = req.ethFinalized;
        req.claimed = true;
        lockedEther -= eth;
        _burn(requestId);

        (bool ok,) = owner.call{value: eth}("");
        if (!ok) revert WithdrawalQueue_EthTransferFailed(owner, eth);
        emit WithdrawalClaimed(requestId, owner, owner, eth);
    }

    // ------------------------------------------------------------------ pause

    /// @notice Stops new requests; claims and finalization continue. PAUSER_ROLE only.
    function pauseRequests() external onlyRole(PAUSER_ROLE) {
        if (requestsPaused) revert WithdrawalQueue_RequestsPaused();
        requestsPaused = true;
        emit RequestsPaused(msg.sender);
    }

    /// @notice Lets new requests in again. PAUSER_ROLE only.
    function resumeRequests() external onlyRole(PAUSER_ROLE) {
        if (!requestsPaused) revert WithdrawalQueue_RequestsNotPaused();
        requestsPaused = false;
        emit RequestsResumed(msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IWithdrawalQueue
    function getRequest(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @inheritdoc IWithdrawalQueue
    function requestsOf(address owner) external view returns (uint256[] memory requestIds) {
        uint256 n = balanceOf(owner);
        requestIds = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            requestIds[i] = _ownedRequests[owner][i];
        }
    }

    /// @inheritdoc IWithdrawalQueue
    function claimableEther(uint256 requestId) external view returns (uint256) {
        if (requestId == 0 || requestId > lastFinalizedRequestId) return 0;
        Request storage req = _requests[requestId];
        return req.claimed ? 0 : req.ethFinalized;
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /// @dev Keeps the per-owner list in step with mints, transfers and burns (swap-and-pop, as in
    ///      ERC721Enumerable). `balanceOf` before the update is the list's length.
    function _update(address to, uint256 requestId, address auth) internal override returns (address from) {
        from = _ownerOf(requestId);
        if (from != to) {
            if (from != address(0)) {
                uint256 lastIndex = balanceOf(from) - 1;
                uint256 index = _ownedIndex[requestId];
                if (index != lastIndex) {
                    uint256 lastId = _ownedRequests[from][lastIndex];
                    _ownedRequests[from][index] = lastId;
                    _ownedIndex[lastId] = index;
                }
                delete _ownedRequests[from][lastIndex];
                delete _ownedIndex[requestId];
            }
            if (to != address(0)) {
                uint256 index = balanceOf(to);
                _ownedRequests[to][index] = requestId;
                _ownedIndex[requestId] = index;
            }
        }
        return super._update(to, requestId, auth);
    }
}
